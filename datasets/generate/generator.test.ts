import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { hashDataset } from '../lib/hash.ts';
import { validateDataset } from '../lib/load.ts';
import { datasetsRoot } from '../lib/paths.ts';
import { outsideCharset } from './charset.ts';
import { pageCategories } from './content.ts';
import { generateSet } from './generate-set.ts';
import { makeLine, lineCategories, type LineCategory } from './make-line.ts';
import { makePage } from './make-page.ts';
import { createRng } from './rng.ts';
import { sets } from './sets.ts';

const digest = (bytes: Buffer, item: unknown) => createHash('sha256').update(bytes).update(JSON.stringify(item)).digest('hex');

describe('generator determinism', () => {
  test('same seed gives byte-identical pages and lines; another seed gives others', async () => {
    for (const category of pageCategories) {
      const [a, b, c] = await Promise.all([makePage(category, createRng(7, category)), makePage(category, createRng(7, category)), makePage(category, createRng(8, category))]);
      assert.equal(digest(a.bytes, a.item), digest(b.bytes, b.item), category);
      assert.notEqual(digest(a.bytes, a.item), digest(c.bytes, c.item), category);
    }
    for (const category of Object.keys(lineCategories) as LineCategory[]) {
      const [a, b] = await Promise.all([makeLine(category, createRng(7, category)), makeLine(category, createRng(7, category))]);
      assert.equal(digest(a.bytes, a.item), digest(b.bytes, b.item), category);
    }
  });

  test('a small set generated twice, with different concurrency, has the same content hash', async () => {
    const [d1, d2] = await Promise.all([mkdtemp(path.join(tmpdir(), 'ocrbench-gen-')), mkdtemp(path.join(tmpdir(), 'ocrbench-gen-'))]);
    try {
      await generateSet(sets['synth-pages'], { dir: d1, limit: 4, concurrency: 1 });
      await generateSet(sets['synth-pages'], { dir: d2, limit: 4, concurrency: 3 });
      assert.equal(await hashDataset(d1), await hashDataset(d2));
      const { problems, items } = await validateDataset(d1, { decode: true });
      assert.deepEqual(problems, []);
      assert.equal(items.length, 4);
    } finally {
      await Promise.all([rm(d1, { recursive: true, force: true }), rm(d2, { recursive: true, force: true })]);
    }
  });

  // The committed sets must be what the generator makes today: same fonts + same seed -> same bytes.
  for (const name of ['mixed-500', 'lines-500']) {
    test(`the first committed items of ${name} regenerate byte-identically`, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-regen-'));
      try {
        const committed = (await readFile(path.join(datasetsRoot, name, 'manifest.jsonl'), 'utf8')).split('\n').filter((l) => l.includes('"synthetic:'));
        await generateSet(sets[name], { dir, limit: 4 });
        const fresh = (await readFile(path.join(dir, 'manifest.jsonl'), 'utf8')).split('\n').filter((l) => l.includes('"synthetic:'));
        assert.deepEqual(fresh, committed.slice(0, 4));
        for (const line of fresh) {
          const { file } = JSON.parse(line) as { file: string };
          assert.ok((await readFile(path.join(dir, file))).equals(await readFile(path.join(datasetsRoot, name, file))), `${name}/${file} differs`);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('generated labels', () => {
  test('pages have 5..25 lines, long side 600..1600, boxes inside, text inside the charset', async () => {
    for (const category of pageCategories) {
      for (let i = 0; i < 3; i++) {
        const { item } = await makePage(category, createRng(11, `${category}/${i}`));
        const where = `${category} #${i}`;
        assert.ok(item.lines.length >= 5 && item.lines.length <= 25, `${where}: ${item.lines.length} lines`);
        assert.ok(Math.max(item.width, item.height) >= 600 && Math.max(item.width, item.height) <= 1600, `${where}: ${item.width}x${item.height}`);
        for (const l of item.lines) {
          assert.deepEqual(outsideCharset(l.text), [], where);
          assert.ok(l.box!.every(([x, y]) => x >= 0 && y >= 0 && x <= item.width && y <= item.height), where);
        }
      }
    }
  });
});
