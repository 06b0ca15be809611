import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldText, MalformedMultipart, parseMultipart } from './multipart.ts';

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
  const parts = await parseMultipart(body, type);
  assert.deepEqual([...parts.get('image')!.data], [...png]);
  assert.equal(parts.get('image')!.filename, 'scan 识别.png');
  assert.equal(parts.get('mode')!.filename, undefined);
  assert.equal(fieldText(parts.get('mode')!), 'line');
  assert.equal(fieldText(parts.get('note')!), 'héllo 世界');
});

test('an empty file is still a file', async () => {
  const { body, type } = await encoded([['image', new Blob([])]]);
  const image = (await parseMultipart(body, type)).get('image')!;
  assert.equal(image.data.byteLength, 0);
  // FormData gives a Blob the name "blob": still a file.
  assert.equal(image.filename, 'blob');
});

test('a preamble, a quoted boundary, an epilogue; the first part of a name wins', async () => {
  const body = bytes(
    'preamble\r\n--a b\r\nContent-Disposition: form-data; name="cls"\r\n\r\ntrue\r\n' +
      '--a b\r\ncontent-disposition: FORM-DATA; filename="x.png"; name=image\r\nContent-Type: image/png\r\n\r\nPNG\r\n--\r\n' +
      '--a b\r\nContent-Disposition: form-data; name="cls"\r\n\r\nfalse\r\n--a b--\r\nepilogue',
  );
  const parts = await parseMultipart(body, 'multipart/form-data; boundary="a b"');
  assert.equal(fieldText(parts.get('cls')!), 'true');
  assert.equal(Buffer.from(parts.get('image')!.data).toString('latin1'), 'PNG\r\n--');
  assert.equal(parts.get('image')!.filename, 'x.png');
});

test('a file part read in one chunk is a view into the body, not a copy', async () => {
  const { body, type } = await encoded([['image', new Blob([new Uint8Array(1000).fill(7)]), 'a.png']]);
  assert.equal((await parseMultipart(body, type)).get('image')!.data.buffer, body.buffer);
});

const malformed: Array<[string, string, string]> = [
  ['no boundary parameter', 'multipart/form-data', '--x\r\n\r\n--x--'],
  ['no closing boundary', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'],
  ['a file part cut short', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\nPNG'],
  ['headers that never end', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"'],
];
for (const [name, type, body] of malformed) {
  test(`malformed: ${name}`, async () => {
    await assert.rejects(parseMultipart(bytes(body), type), MalformedMultipart);
  });
}

test('parts that are not named form-data are skipped, not guessed at', async () => {
  const body = '--x\r\nContent-Disposition: attachment; name="image"; filename="a.png"\r\n\r\nv\r\n--x--';
  assert.equal((await parseMultipart(bytes(body), 'multipart/form-data; boundary=x')).size, 0);
});
