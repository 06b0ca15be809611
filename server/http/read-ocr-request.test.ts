import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readOcrRequest } from './read-ocr-request.ts';
import { OcrHttpError } from '../api-errors.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const url = 'http://x/api/ocr';

function multipart(parts: Record<string, Blob | string>): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(parts)) form.append(k, v);
  return new Request(url, { method: 'POST', body: form });
}
const json = (body: string) => new Request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
const raw = (body: Uint8Array | string, type: string) => new Request(url, { method: 'POST', body: body as BodyInit, headers: { 'content-type': type } });

const ok: Array<{ name: string; req: () => Request; query?: Record<string, string>; want: { bytes: number; mode: string; cls?: boolean; detail: string } }> = [
  { name: 'multipart image', req: () => multipart({ image: new Blob([PNG]) }), want: { bytes: 11, mode: 'page', detail: 'full' } },
  { name: 'multipart with form options overriding the query', req: () => multipart({ image: new Blob([PNG]), mode: 'line', cls: 'true' }), query: { mode: 'page', detail: 'text' }, want: { bytes: 11, mode: 'line', cls: true, detail: 'text' } },
  { name: 'raw image/png', req: () => raw(PNG, 'image/png'), query: { cls: 'false' }, want: { bytes: 11, mode: 'page', cls: false, detail: 'full' } },
  { name: 'raw octet-stream', req: () => raw(PNG, 'application/octet-stream'), want: { bytes: 11, mode: 'page', detail: 'full' } },
  { name: 'json base64', req: () => json(JSON.stringify({ image: Buffer.from(PNG).toString('base64'), mode: 'line' })), want: { bytes: 11, mode: 'line', detail: 'full' } },
  { name: 'json data URL', req: () => json(JSON.stringify({ image: 'data:image/png;base64,' + Buffer.from(PNG).toString('base64') })), want: { bytes: 11, mode: 'page', detail: 'full' } },
];

for (const c of ok) {
  test(`accepts ${c.name}`, async () => {
    const r = await readOcrRequest(c.req(), c.query ?? {});
    assert.deepEqual([...r.image], [...PNG].slice(0, c.want.bytes));
    assert.equal(r.options.mode, c.want.mode);
    assert.equal(r.options.cls, c.want.cls);
    assert.equal(r.options.detail, c.want.detail);
  });
}

const bad: Array<{ name: string; req: () => Request; query?: Record<string, string>; status: number; code: string }> = [
  { name: 'no body', req: () => new Request(url, { method: 'POST' }), status: 400, code: 'no_image' },
  { name: 'multipart without image', req: () => multipart({ file: new Blob([PNG]) }), status: 400, code: 'missing_image_field' },
  { name: 'multipart image as text field', req: () => multipart({ image: 'hello' }), status: 400, code: 'missing_image_field' },
  { name: 'multipart empty file', req: () => multipart({ image: new Blob([]) }), status: 400, code: 'empty_image' },
  { name: 'raw empty image', req: () => raw(new Uint8Array(0), 'image/png'), status: 400, code: 'empty_image' },
  { name: 'malformed multipart', req: () => raw('--x\r\nnot a part', 'multipart/form-data; boundary=zzz'), status: 400, code: 'malformed_multipart' },
  { name: 'malformed JSON', req: () => json('{"image": '), status: 400, code: 'malformed_json' },
  { name: 'JSON array', req: () => json('[1,2]'), status: 400, code: 'malformed_json' },
  { name: 'JSON without image', req: () => json('{"mode":"page"}'), status: 400, code: 'missing_image_field' },
  { name: 'JSON bad base64', req: () => json('{"image":"not*base64!"}'), status: 400, code: 'invalid_base64' },
  { name: 'JSON image not a string', req: () => json('{"image":42}'), status: 400, code: 'invalid_base64' },
  { name: 'JSON empty image', req: () => json('{"image":""}'), status: 400, code: 'empty_image' },
  { name: 'text/plain', req: () => raw('hello', 'text/plain'), status: 415, code: 'unsupported_media_type' },
  { name: 'unknown mode', req: () => raw(PNG, 'image/png'), query: { mode: 'book' }, status: 400, code: 'invalid_option' },
  { name: 'unknown profile', req: () => raw(PNG, 'image/png'), query: { profile: 'turbo' }, status: 400, code: 'invalid_option' },
  { name: 'unknown cls and detail', req: () => raw(PNG, 'image/png'), query: { cls: 'yes', detail: 'all' }, status: 400, code: 'invalid_option' },
];

for (const c of bad) {
  test(`rejects ${c.name} with ${c.status} ${c.code}`, async () => {
    await assert.rejects(readOcrRequest(c.req(), c.query ?? {}), (e: unknown) => {
      assert.ok(e instanceof OcrHttpError, String(e));
      assert.equal(e.code, c.code);
      assert.equal(e.status, c.status);
      return true;
    });
  });
}

test('invalid_option names every bad field', async () => {
  await assert.rejects(readOcrRequest(raw(PNG, 'image/png'), { cls: 'yes', detail: 'all' }), /cls="yes".*detail="all"/);
});

test('profile comes from the query, a form field or JSON; absent leaves the server\'s', async () => {
  assert.equal((await readOcrRequest(raw(PNG, 'image/png'), { profile: 'fast' })).options.profile, 'fast');
  assert.equal((await readOcrRequest(multipart({ image: new Blob([PNG]), profile: 'accurate' }), { profile: 'fast' })).options.profile, 'accurate');
  assert.equal((await readOcrRequest(json(JSON.stringify({ image: Buffer.from(PNG).toString('base64'), profile: 'fast' })), {})).options.profile, 'fast');
  assert.equal((await readOcrRequest(raw(PNG, 'image/png'), {})).options.profile, undefined);
  await assert.rejects(readOcrRequest(raw(PNG, 'image/png'), { profile: 'turbo' }), /profile="turbo" \(expected accurate\|fast\)/);
});
