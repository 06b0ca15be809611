import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { DatasetError, loadDataset } from './load.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

test('a folder of images: nested, mixed types, sidecar labels, unlabelled and non-image files', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-folder-'));
  try {
    await mkdir(path.join(dir, 'sub/deeper'), { recursive: true });
    const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } }).png().toBuffer();
    await writeFile(path.join(dir, 'a.png'), png);
    await writeFile(path.join(dir, 'a.txt'), 'first line\r\n\r\nsecond line\n');
    await sharp(png).jpeg().toFile(path.join(dir, 'sub/b.jpg'));
    await writeFile(path.join(dir, 'sub/b.txt'), 'bee\n');
    await sharp(png).webp().toFile(path.join(dir, 'sub/deeper/c.webp'));
    await writeFile(path.join(dir, 'README.md'), 'notes');
    await writeFile(path.join(dir, '.DS_Store'), 'x');
    const ds = await loadDataset(dir);
    assert.deepEqual(ds.items.map((i) => [i.id, i.kind, i.kind === 'page' ? i.lines.map((l) => l.text) : [], i.width, i.height]), [
      ['a.png', 'page', ['first line', 'second line'], 40, 20],
      ['sub/b.jpg', 'page', ['bee'], 40, 20],
    ]);
    assert.deepEqual(ds.unlabelled, [{ id: 'sub/deeper/c.webp', file: 'sub/deeper/c.webp' }]);
    assert.deepEqual(ds.skipped, ['README.md']);
    assert.match(ds.hash, /^[0-9a-f]{64}$/);
    // A label is part of what was measured: changing it changes the hash.
    await writeFile(path.join(dir, 'sub/b.txt'), 'bee!\n');
    assert.notEqual((await loadDataset(dir)).hash, ds.hash);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('an empty folder, or an image that does not decode, is a DatasetError', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-folder-'));
  try {
    await assert.rejects(loadDataset(dir), (e: unknown) => e instanceof DatasetError && e.problems[0].code === 'no-images');
    await copyFile(path.join(here, 'load.ts'), path.join(dir, 'broken.png'));
    await assert.rejects(loadDataset(dir), (e: unknown) => e instanceof DatasetError && e.problems[0].code === 'undecodable' && /broken\.png/.test(e.problems[0].message));
  } finally {
    await rm(dir, { recursive: true });
  }
});
