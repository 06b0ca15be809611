import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadManifest } from '../models/manifest.ts';
import { createModelSession } from './inference-session.ts';

// The classifier: the smallest model, so each session is quick to create.
const { cls } = await loadManifest(undefined, 'fp32');
const dir = mkdtempSync(path.join(tmpdir(), 'ort-cache-'));
const before = process.env.OCRBENCH_ORT_CACHE;
after(() => {
  if (before === undefined) delete process.env.OCRBENCH_ORT_CACHE;
  else process.env.OCRBENCH_ORT_CACHE = before;
  rmSync(dir, { recursive: true, force: true });
});

async function output(sha256?: string): Promise<number[]> {
  const s = await createModelSession(cls!.bytes, cls!.spec.id, { threads: 1, sha256 });
  const dims = [1, 3, 48, 192];
  const data = new Float32Array(dims.reduce((a, b) => a * b)).map((_, i) => (i % 7) / 7);
  const out = await s.run({ data, dims });
  await s.release();
  return [...out.data];
}

test('the optimized graph is saved once, loaded after, and answers as the model does', async () => {
  process.env.OCRBENCH_ORT_CACHE = 'off';
  const plain = await output(cls!.sha256);
  assert.deepEqual(readdirSync(dir), []);
  process.env.OCRBENCH_ORT_CACHE = dir;
  assert.deepEqual(await output(cls!.sha256), plain);
  const files = readdirSync(dir);
  assert.equal(files.length, 1, 'one file, no temporary left');
  assert.match(files[0], /^ch_ppocr_mobile_v2\.0_cls-[0-9a-f]{24}\.onnx$/);
  assert.deepEqual(await output(cls!.sha256), plain, 'from the saved graph');
  assert.deepEqual(readdirSync(dir), files);
});

test('a damaged cached graph is replaced, and a model without its hash is not cached', async () => {
  process.env.OCRBENCH_ORT_CACHE = dir;
  const [file] = readdirSync(dir);
  writeFileSync(path.join(dir, file), 'not a model');
  const again = await output(cls!.sha256);
  assert.equal(again.length, 2);
  assert.deepEqual(readdirSync(dir), [file]);
  rmSync(path.join(dir, file));
  await output(undefined);
  assert.deepEqual(readdirSync(dir), []);
});

test('a bad model is our own error and leaves no file; an unwritable cache folder only means no cache', async () => {
  process.env.OCRBENCH_ORT_CACHE = dir;
  await assert.rejects(createModelSession(new Uint8Array([1, 2, 3]), 'bad', { threads: 1, sha256: '0'.repeat(64) }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'model_missing');
    assert.match(e.message, /^model bad cannot be loaded by onnxruntime: /);
    return true;
  });
  assert.deepEqual(readdirSync(dir), []);
  // A folder that cannot be made: its parent is a file.
  writeFileSync(path.join(dir, 'a-file'), '');
  process.env.OCRBENCH_ORT_CACHE = path.join(dir, 'a-file', 'ort');
  assert.equal((await output(cls!.sha256)).length, 2);
  assert.deepEqual(readdirSync(dir), ['a-file']);
});
