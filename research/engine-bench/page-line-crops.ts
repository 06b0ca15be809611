/**
 * A line set cut out of a page set: each labelled line box of each page (its bounding rectangle with a
 * margin of a quarter of its height), as its own line item. Synthetic line sets hold mostly long lines;
 * pages carry the short ones (prices, labels, dates) that the recognizer's padding width is about
 * (docs/decisions/fast-profile.md).
 *   node --import tsx research/engine-bench/page-line-crops.ts <page-set-dir> <out-dir> [--pages N]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { loadDataset } from '../../datasets/lib/load.ts';

const [src, out, flag, n] = process.argv.slice(2);
const ds = await loadDataset(src);
const pages = ds.items.filter((i) => i.kind === 'page').slice(0, flag === '--pages' ? Number(n) : undefined);
await mkdir(path.join(out, 'images'), { recursive: true });
const lines: string[] = [];
for (const page of pages) {
  if (page.kind !== 'page') continue;
  const img = sharp(await readFile(path.join(ds.dir, page.file))).rotate();
  const { width = 0, height = 0 } = await img.metadata();
  for (const [k, l] of page.lines.entries()) {
    if (!l.box || !l.text.trim()) continue;
    const xs = l.box.map((p) => p[0]);
    const ys = l.box.map((p) => p[1]);
    const h = Math.max(...ys) - Math.min(...ys);
    const m = h / 4;
    const left = Math.max(0, Math.floor(Math.min(...xs) - m));
    const top = Math.max(0, Math.floor(Math.min(...ys) - m));
    const w = Math.min(width, Math.ceil(Math.max(...xs) + m)) - left;
    const hh = Math.min(height, Math.ceil(Math.max(...ys) + m)) - top;
    if (w < 4 || hh < 4) continue;
    const id = `${page.id}-l${String(k).padStart(2, '0')}`;
    const file = `images/${id}.png`;
    await sharp(await readFile(path.join(ds.dir, page.file))).rotate().extract({ left, top, width: w, height: hh }).png().toFile(path.join(out, file));
    lines.push(JSON.stringify({ id, file, kind: 'line', category: page.category, lang: page.lang, width: w, height: hh, source: `${page.source}#line${k}`, license: page.license, text: l.text }));
  }
}
await writeFile(path.join(out, 'manifest.jsonl'), `${lines.join('\n')}\n`);
console.log(`${lines.length} lines from ${pages.length} pages into ${out}`);
