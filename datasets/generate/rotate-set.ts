import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { loadDataset } from '../lib/load.ts';
import { datasetsRoot } from '../lib/paths.ts';
import type { DatasetItem, Quad } from '../lib/schema.ts';

export type Turn = 90 | 180 | 270;

/** Where a point of a w x h image lands when the image is turned clockwise by `deg` (sharp's rotate). */
export function turnPoint([x, y]: [number, number], deg: Turn, w: number, h: number): [number, number] {
  if (deg === 90) return [h - y, x];
  if (deg === 180) return [w - x, h - y];
  return [y, w - x];
}

/**
 * A copy of a set with every image turned clockwise by 90, 180 or 270 degrees (EXIF orientation applied
 * first, written as PNG so the turn adds no compression loss), boxes turned with it: the orientation test
 * sets. Corners keep their order, so a box's first corner stays the text's own top-left.
 */
export async function rotateSet(nameOrPath: string, deg: Turn, dir?: string): Promise<string> {
  const src = await loadDataset(nameOrPath);
  const out = dir ?? path.join(datasetsRoot, '.cache', `${src.name}-rot${deg}`);
  await rm(path.join(out, 'images'), { recursive: true, force: true });
  await mkdir(path.join(out, 'images'), { recursive: true });
  const items: DatasetItem[] = [];
  for (const item of src.items) {
    const upright = await sharp(await readFile(path.join(src.dir, item.file))).rotate().png().toBuffer();
    const file = `images/${item.id.replace(/[^\w.-]+/g, '_')}.png`;
    await writeFile(path.join(out, file), await sharp(upright).rotate(deg).png().toBuffer());
    const { width: w, height: h } = item;
    const [nw, nh] = deg === 180 ? [w, h] : [h, w];
    const turn = (q: Quad) => q.map((p) => turnPoint(p, deg, w, h)) as Quad;
    const tags = [...(item.tags ?? []), `turned:${deg}`];
    items.push(
      item.kind === 'page'
        ? { ...item, file, width: nw, height: nh, tags, lines: item.lines.map((l) => (l.box ? { ...l, box: turn(l.box) } : l)) }
        : { ...item, file, width: nw, height: nh, tags },
    );
  }
  await writeFile(path.join(out, 'manifest.jsonl'), items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  return out;
}
