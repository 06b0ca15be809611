import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMultipartTarget } from './target.ts';

test('the multipart body parses as form data with the named field, file name and type', async () => {
  const target = createMultipartTarget({ url: 'http://127.0.0.1:9/v1/ocr?x=1', field: 'file', query: { mode: 'line', cls: 'false' } });
  assert.equal(target.origin, 'http://127.0.0.1:9');
  assert.equal(target.path, '/v1/ocr?x=1&mode=line&cls=false');
  const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 13, 10, 255]);
  const req = target.prepare('s1', image, 'pages/a "b".png');
  assert.equal(req.headers['content-length'], String(req.body.length));
  // Parsed by Node's own (undici's) multipart parser, not by ours.
  const form = await new Response(new Uint8Array(req.body), { headers: { 'content-type': req.headers['content-type'] } }).formData();
  const file = form.get('file') as File;
  assert.equal(file.name, 'a b.png');
  assert.equal(file.type, 'image/png');
  assert.deepEqual(new Uint8Array(await file.arrayBuffer()), image);
});

test('answers are read through the configured JSON paths', () => {
  const ours = createMultipartTarget({ url: 'http://x/api/ocr' });
  assert.deepEqual(ours.parse({ text: 'a\nb', lines: [{ text: 'a' }, { text: 'b' }], cached: true }), { text: 'a\nb', lines: ['a', 'b'], cached: true });
  assert.deepEqual(ours.parse({ text: 'a\nb' }), { text: 'a\nb', lines: ['a', 'b'], cached: null });
  assert.deepEqual(ours.parse({ nothing: 1 }), { text: undefined, lines: null, cached: null });
  const other = createMultipartTarget({ url: 'http://x/ocr', textPath: 'result.fullText', linesPath: 'result.blocks[].words' });
  assert.deepEqual(other.parse({ result: { fullText: 'hi there', blocks: [{ words: 'hi' }, { words: 'there' }] } }), { text: 'hi there', lines: ['hi', 'there'], cached: null });
  const split = createMultipartTarget({ url: 'http://x/ocr', linesPath: null });
  assert.deepEqual(split.parse({ text: 'x\ny', lines: [{ text: 'ignored' }] }).lines, ['x', 'y']);
});
