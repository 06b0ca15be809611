import { stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { DatasetProblem, ManifestEntry } from './parse-manifest.ts';

export interface CheckFilesOptions {
  /** Fully decode every image, not only its header (slower; what `datasets validate` does). */
  decode?: boolean;
}

/** Size after EXIF orientation: orientations 5..8 swap width and height. */
export async function orientedSize(file: string): Promise<{ width: number; height: number }> {
  const meta = await sharp(file).metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  return swap ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
}

/** Checks one entry's image: it exists, decodes, has the stated size, and its boxes lie inside it. */
export async function checkEntryFile(dir: string, { line, item }: ManifestEntry, { decode = false }: CheckFilesOptions = {}): Promise<DatasetProblem[]> {
  const file = path.resolve(dir, item.file);
  try {
    if (!(await stat(file)).isFile()) return [{ line, code: 'missing-file', message: `${item.file} is not a file` }];
  } catch {
    return [{ line, code: 'missing-file', message: `${item.file} does not exist` }];
  }
  let size: { width: number; height: number };
  try {
    size = await orientedSize(file);
    if (decode) await sharp(file).raw().toBuffer();
  } catch (err) {
    return [{ line, code: 'undecodable', message: `${item.file} does not decode: ${(err as Error).message}` }];
  }
  const problems: DatasetProblem[] = [];
  if (size.width !== item.width || size.height !== item.height) {
    problems.push({ line, code: 'wrong-size', message: `${item.file} is ${size.width}x${size.height}, manifest says ${item.width}x${item.height}` });
  }
  if (item.kind === 'page') {
    item.lines.forEach((l, i) => {
      // Half a pixel of slack: boxes are rounded to 0.1 px after rotation.
      const outside = l.box?.some(([x, y]) => x < -0.5 || y < -0.5 || x > size.width + 0.5 || y > size.height + 0.5);
      if (outside) problems.push({ line, code: 'box-outside', message: `lines.${i}.box lies outside the ${size.width}x${size.height} image` });
    });
  }
  return problems;
}

/** Runs checkEntryFile over all entries, a few at a time, keeping manifest order in the result. */
export async function checkFiles(dir: string, entries: ManifestEntry[], options: CheckFilesOptions = {}): Promise<DatasetProblem[]> {
  const results: DatasetProblem[][] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      results[i] = await checkEntryFile(dir, entries[i], options);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return results.flat();
}
