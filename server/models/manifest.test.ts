import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { OcrError } from '../ocr/errors.ts';
import { DEFAULT_MANIFEST, loadManifest, parsePrecisionChoice } from './manifest.ts';

const made: string[] = [];
after(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

async function variant(edit: (m: { models: Record<string, unknown>[] }) => void): Promise<string> {
  const m = JSON.parse(await readFile(DEFAULT_MANIFEST, 'utf8'));
  edit(m);
  // Written beside the real manifest's node_modules lookup path so package files still resolve.
  const dir = await mkdtemp(path.join(path.dirname(DEFAULT_MANIFEST), '.tmp-'));
  made.push(dir);
  const file = path.join(dir, 'manifest.json');
  await writeFile(file, JSON.stringify(m));
  return file;
}

const code = (c: string) => (e: unknown) => e instanceof OcrError && e.code === c;

describe('model manifest', () => {
  it('loads the default models and the charset with blank and space classes', async () => {
    const m = await loadManifest();
    assert.equal(m.charset.length, 1 + 6623 + 1, 'blank + ppocr_keys_v1.txt + space = the rec model\'s 6625 classes');
    assert.equal(m.charset[0], '');
    assert.equal(m.charset.at(-1), ' ');
    assert.equal(m.det.sha256.slice(0, 16), '30a86f5731181461');
    assert.ok(m.cls && m.rec.bytes.byteLength > 10_000_000);
  });
  it('precision picks the int8 twins (checksums verified), per role if asked, and falls back to fp32', async () => {
    const int8 = await loadManifest(DEFAULT_MANIFEST, 'int8');
    assert.deepEqual([int8.det, int8.cls!, int8.rec].map((x) => x.spec.precision), ['int8', 'int8', 'int8']);
    assert.ok(int8.rec.bytes.byteLength < 5_000_000, 'the int8 recognizer is the small file');
    const mixed = await loadManifest(DEFAULT_MANIFEST, { det: 'int8', cls: 'fp32', rec: 'fp32' });
    assert.deepEqual([mixed.det, mixed.cls!, mixed.rec].map((x) => x.spec.precision), ['int8', 'fp32', 'fp32']);
    const noTwins = await variant((m) => (m.models = m.models.filter((x) => x.precision !== 'int8')));
    const fallback = await loadManifest(noTwins, 'int8');
    assert.equal(fallback.rec.spec.precision, 'fp32');
  });
  it('a command-line precision is one for all or per role, unnamed roles fp32', () => {
    assert.equal(parsePrecisionChoice('int8'), 'int8');
    assert.deepEqual(parsePrecisionChoice('det=int8,rec=int8'), { det: 'int8', cls: 'fp32', rec: 'int8' });
    assert.throws(() => parsePrecisionChoice('rec=int4'), /expected int8, fp32/);
    assert.throws(() => parsePrecisionChoice('ocr=int8'), /expected int8, fp32/);
  });
  it('a missing model file → model_missing', async () => {
    const f = await variant((m) => (m.models[0].file = { path: 'nowhere/det.onnx' }));
    await assert.rejects(loadManifest(f), code('model_missing'));
  });
  it('a changed model file → model_checksum_mismatch', async () => {
    const f = await variant((m) => (m.models[2].sha256 = '0'.repeat(64)));
    await assert.rejects(loadManifest(f), code('model_checksum_mismatch'));
  });
  it('an invalid manifest lists every problem at once', async () => {
    const f = await variant((m) => {
      m.models[0].role = 'detector';
      m.models[2].colour = 'BGR';
    });
    await assert.rejects(loadManifest(f), (e: unknown) => e instanceof OcrError && /models\.0/.test(e.message) && /models\.2/.test(e.message));
  });
});
