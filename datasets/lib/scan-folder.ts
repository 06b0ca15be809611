import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { orientedSize } from './check-files.ts';
import type { DatasetProblem } from './parse-manifest.ts';
import { expectedLines, type DatasetItem, type PageItem } from './schema.ts';

/** Image types the engine decodes (sharp); any other file in the folder is listed and skipped. */
export const IMAGE_TYPES = ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif'];

/** An image of a folder without a label: measured for speed, not scored. */
export interface UnlabelledImage {
  id: string;
  file: string;
}

export interface ScannedFolder {
  /** Images with a sidecar label, as page items (one label line per text line). */
  items: PageItem[];
  unlabelled: UnlabelledImage[];
  /** Files that are neither images nor sidecar labels, relative to the folder: listed, not used. */
  skipped: string[];
  /** An image that does not decode, or no image at all: the caller stops (exit 2). */
  problems: DatasetProblem[];
}

async function walk(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(dir, r)));
    else if (e.isFile()) out.push(r);
  }
  return out.sort();
}

/**
 * Any folder of images as a dataset: nested folders, mixed image types; `<name>.txt` beside an image
 * is its label, one line per text line (blank lines ignored). An item's id is its path in the folder.
 * Labelled images become page items (scored by page F1 and matched-line CER; they are sent in the
 * scenario's mode, page by default). An image that does not decode is a problem, not a skip: it
 * would be measured as the service's error. Hidden files are ignored.
 */
export async function scanFolder(dir: string): Promise<ScannedFolder> {
  const files = await walk(dir);
  const present = new Set(files);
  const items: PageItem[] = [];
  const unlabelled: UnlabelledImage[] = [];
  const problems: DatasetProblem[] = [];
  const sidecars = new Set<string>();
  for (const file of files) {
    const ext = path.extname(file).toLowerCase();
    if (!IMAGE_TYPES.includes(ext)) continue;
    let size: { width: number; height: number };
    try {
      size = await orientedSize(path.join(dir, file));
    } catch (err) {
      problems.push({ line: 0, code: 'undecodable', message: `${file} does not decode: ${(err as Error).message}` });
      continue;
    }
    const sidecar = `${file.slice(0, -ext.length)}.txt`;
    if (!present.has(sidecar)) {
      unlabelled.push({ id: file, file });
      continue;
    }
    sidecars.add(sidecar);
    const lines = (await readFile(path.join(dir, sidecar), 'utf8')).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (!lines.length) {
      unlabelled.push({ id: file, file });
      continue;
    }
    items.push({ id: file, file, kind: 'page', category: 'folder', lang: 'mixed', ...size, source: 'folder', license: 'unknown', lines: lines.map((text) => ({ text })) });
  }
  if (!items.length && !unlabelled.length && !problems.length) {
    problems.push({ line: 0, code: 'no-images', message: `no images (${IMAGE_TYPES.join(' ')}) and no manifest.jsonl in ${dir}` });
  }
  const skipped = files.filter((f) => !IMAGE_TYPES.includes(path.extname(f).toLowerCase()) && !sidecars.has(f));
  return { items, unlabelled, skipped, problems };
}

/** Content hash of a folder dataset: each image's path, length and bytes, then its label, in path order. */
export async function hashFolder(dir: string, scanned: { items: readonly DatasetItem[]; unlabelled: readonly UnlabelledImage[] }): Promise<string> {
  const hash = createHash('sha256');
  const all = [...scanned.items.map((i) => ({ file: i.file, label: expectedLines(i).join('\n') })), ...scanned.unlabelled.map((u) => ({ file: u.file, label: null }))];
  all.sort((a, b) => (a.file < b.file ? -1 : 1));
  for (const { file, label } of all) {
    const bytes = await readFile(path.join(dir, file));
    hash.update(`\0${file}\0${bytes.length}\0`).update(bytes).update(`\0${label ?? '\u0000unlabelled'}`);
  }
  return hash.digest('hex');
}
