import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldText, MalformedMultipart, multipartBoundary, parseMultipart } from './multipart.ts';

/** A body as undici's FormData encodes it, with its Content-Type. */
async function encoded(entries: Array<[string, Blob | string, string?]>): Promise<{ body: Uint8Array; type: string }> {
  const form = new FormData();
  for (const [k, v, filename] of entries) {
    if (typeof v === 'string') form.append(k, v);
    else if (filename === undefined) form.append(k, v);
    else form.append(k, v, filename);
  }
  const res = new Response(form);
  return { body: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type')! };
}

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

test('reads what FormData encodes: a file with binary bytes, text fields, UTF-8', async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x2d, 0x2d, 0, 255]);
  const { body, type } = await encoded([['image', new Blob([png]), 'scan 识别.png'], ['mode', 'line'], ['note', 'héllo 世界']]);
  const parts = parseMultipart(body, type);
  assert.deepEqual([...parts.get('image')!.data], [...png]);
  assert.equal(parts.get('image')!.filename, 'scan 识别.png');
  assert.equal(parts.get('mode')!.filename, undefined);
  assert.equal(fieldText(parts.get('mode')!), 'line');
  assert.equal(fieldText(parts.get('note')!), 'héllo 世界');
});

test('an empty file and a file without a filename parameter', async () => {
  const { body, type } = await encoded([['image', new Blob([])]]);
  const image = parseMultipart(body, type).get('image')!;
  assert.equal(image.data.byteLength, 0);
  // FormData gives a Blob the name "blob": still a file.
  assert.equal(image.filename, 'blob');
});

test('a preamble, a quoted boundary, padding after a boundary, an epilogue; the first part of a name wins', () => {
  const body = bytes(
    'preamble\r\n--a b\t \r\nContent-Disposition: form-data; name="cls"\r\n\r\ntrue\r\n' +
      '--a b\r\ncontent-disposition: FORM-DATA; filename="x.png"; name=image\r\nContent-Type: image/png\r\n\r\nPNG\r\n--\r\n' +
      '--a b\r\nContent-Disposition: form-data; name="cls"\r\n\r\nfalse\r\n--a b--\r\nepilogue',
  );
  const parts = parseMultipart(body, 'multipart/form-data; boundary="a b"');
  assert.equal(fieldText(parts.get('cls')!), 'true');
  assert.equal(Buffer.from(parts.get('image')!.data).toString('latin1'), 'PNG\r\n--');
  assert.equal(parts.get('image')!.filename, 'x.png');
});

test('part bytes are views into the body, not copies', async () => {
  const { body, type } = await encoded([['image', new Blob([new Uint8Array(1000).fill(7)]), 'a.png']]);
  assert.equal(parseMultipart(body, type).get('image')!.data.buffer, body.buffer);
});

test('boundary parameter: token, quoted, missing, too long', () => {
  assert.equal(multipartBoundary('multipart/form-data; boundary=----x1'), '----x1');
  assert.equal(multipartBoundary('multipart/form-data;charset=utf-8;  BOUNDARY="q \\"r"'), 'q "r');
  assert.equal(multipartBoundary('multipart/form-data'), undefined);
  assert.equal(multipartBoundary(`multipart/form-data; boundary=${'b'.repeat(71)}`), undefined);
});

const malformed: Array<[string, string, string]> = [
  ['no boundary parameter', 'multipart/form-data', '--x\r\n\r\n--x--'],
  ['no opening boundary', 'multipart/form-data; boundary=zzz', '--x\r\nnot a part'],
  ['no closing boundary', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'],
  ['headers that never end', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"'],
  ['junk after a boundary', 'multipart/form-data; boundary=x', '--xjunk\r\n\r\n\r\n--x--'],
  ['a part without Content-Disposition', 'multipart/form-data; boundary=x', '--x\r\nContent-Type: text/plain\r\n\r\nv\r\n--x--'],
  ['a part without a name', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; filename="a"\r\n\r\nv\r\n--x--'],
  ['a part that is not form-data', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: attachment; name="a"\r\n\r\nv\r\n--x--'],
];
for (const [name, type, body] of malformed) {
  test(`malformed: ${name}`, () => {
    assert.throws(() => parseMultipart(bytes(body), type), MalformedMultipart);
  });
}
