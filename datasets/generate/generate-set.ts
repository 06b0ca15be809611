import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { datasetsRoot } from '../lib/paths.ts';
import { datasetItemSchema, type DatasetItem } from '../lib/schema.ts';
import type { PageCategory } from './content.ts';
import { makeLine, type LineCategory } from './make-line.ts';
import { makePage } from './make-page.ts';
import { createRng } from './rng.ts';
import { planCategories, type SetSpec } from './sets.ts';

export interface GenerateOptions {
  /** Overrides the set's seed. */
  seed?: number;
  /** Output folder (default datasets/<name> or datasets/.cache/<name>). */
  dir?: string;
  /** Generate only the first n synthetic items (tests). */
  limit?: number;
  /** Items in flight at once (default 2, one per core). Output does not depend on it. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export const defaultDir = (spec: SetSpec) => path.join(datasetsRoot, ...(spec.committed ? [spec.name] : ['.cache', spec.name]));

/** Real-public items of the set's kind, re-pointed from the set's folder into real-public. */
async function realItems(kind: 'page' | 'line', dir: string): Promise<DatasetItem[]> {
  const realDir = path.join(datasetsRoot, 'real-public');
  const text = await readFile(path.join(realDir, 'manifest.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => datasetItemSchema.parse(JSON.parse(l)))
    .filter((item) => item.kind === kind)
    .map((item) => ({ ...item, id: `real-public/${item.id}`, file: path.relative(dir, path.join(realDir, item.file)).split(path.sep).join('/') }));
}

/**
 * Generates a set: every synthetic item from its own seeded stream (seed, set name, index), so the
 * same seed on the same machine kind (same fonts, same libvips) gives byte-identical files. Writes
 * images/ and manifest.jsonl, replacing what was there. Returns the folder.
 */
export async function generateSet(spec: SetSpec, o: GenerateOptions = {}): Promise<string> {
  const seed = o.seed ?? spec.seed;
  const dir = o.dir ?? defaultDir(spec);
  const real = spec.includeReal ? await realItems(spec.kind, dir) : [];
  const synthCount = spec.count - real.length;
  const categories = planCategories(spec.mix, synthCount, seed).slice(0, o.limit ?? synthCount);
  await rm(path.join(dir, 'images'), { recursive: true, force: true });
  await mkdir(path.join(dir, 'images'), { recursive: true });
  const items: DatasetItem[] = new Array(categories.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < categories.length) {
      const i = next++;
      const category = categories[i];
      const r = createRng(seed, `${spec.name}/${i}`);
      const g = spec.kind === 'page' ? await makePage(category as PageCategory, r) : await makeLine(category as LineCategory, r);
      const id = `${String(i).padStart(4, '0')}-${category}`;
      const file = `images/${id}.${g.ext}`;
      await writeFile(path.join(dir, file), g.bytes);
      items[i] = { id, file, ...g.item } as DatasetItem;
      o.onProgress?.(++done, categories.length);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 2 }, worker));
  const manifest = [...real, ...items].map((item) => JSON.stringify(item)).join('\n') + '\n';
  await writeFile(path.join(dir, 'manifest.jsonl'), manifest);
  return dir;
}
