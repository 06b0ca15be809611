import { readFile, stat } from 'node:fs/promises';
import { checkFiles } from './check-files.ts';
import { hashDataset } from './hash.ts';
import { parseManifest, type DatasetProblem } from './parse-manifest.ts';
import { resolveDataset } from './paths.ts';
import { hashFolder, scanFolder, type UnlabelledImage } from './scan-folder.ts';
import type { DatasetItem } from './schema.ts';
import { sets } from '../generate/sets.ts';

export interface LoadedDataset {
  /** Folder name, e.g. `mixed-500`. */
  name: string;
  /** Absolute folder; item files resolve against it. */
  dir: string;
  items: DatasetItem[];
  /** hashDataset() of the folder. */
  hash: string;
  /** Images without a label (a folder of images): sent for speed, not scored. */
  unlabelled: UnlabelledImage[];
  /** Files of a folder that are not images, listed and not used. */
  skipped: string[];
}

/** Thrown when a dataset has problems; carries all of them, each with its manifest line. */
export class DatasetError extends Error {
  constructor(
    readonly dataset: string,
    readonly problems: DatasetProblem[],
  ) {
    super(`dataset ${dataset} has ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'DatasetError';
  }
}

export function formatProblem(p: DatasetProblem): string {
  return `  ${p.line ? `line ${p.line}` : p.code === 'undecodable' || p.code === 'no-images' ? 'folder' : 'manifest'}: [${p.code}] ${p.message}`;
}

export interface ValidateOptions {
  /** Check files exist, decode and have the stated size (default true). */
  checkImages?: boolean;
  /** Fully decode each image instead of reading its header (default false). */
  decode?: boolean;
}

/** Validates a dataset and returns its items and every problem found (never throws for bad data). */
export async function validateDataset(dirOrManifest: string, { checkImages = true, decode = false }: ValidateOptions = {}) {
  const { dir, manifest, name } = resolveDataset(dirOrManifest);
  let text: string;
  try {
    text = await readFile(manifest, 'utf8');
  } catch {
    // A folder without a manifest: its images, with sidecar labels where there are some.
    if (await isDirectory(dir)) return { name, dir, ...(await scanFolder(dir)), folder: true };
    const hint = sets[name] ? ` (a generated set: npm run datasets -- generate ${name})` : '';
    const problems: DatasetProblem[] = [{ line: 0, code: 'no-manifest', message: `cannot read ${manifest}: no such dataset, folder of images or manifest${hint}` }];
    return { name, dir, items: [] as DatasetItem[], problems, unlabelled: [] as UnlabelledImage[], skipped: [] as string[], folder: false };
  }
  const { entries, problems } = parseManifest(text);
  if (checkImages) problems.push(...(await checkFiles(dir, entries, { decode })));
  problems.sort((a, b) => a.line - b.line);
  return { name, dir, items: entries.map((e) => e.item), problems, unlabelled: [] as UnlabelledImage[], skipped: [] as string[], folder: false };
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then((s) => s.isDirectory(), () => false);
}

/**
 * Loads a dataset by name, folder or manifest path: validates every line and image header, and
 * computes its content hash. Throws DatasetError listing every problem at once.
 */
export async function loadDataset(dirOrManifest: string): Promise<LoadedDataset> {
  const { name, dir, items, problems, unlabelled, skipped, folder } = await validateDataset(dirOrManifest);
  if (problems.length) throw new DatasetError(name, problems);
  const hash = folder ? await hashFolder(dir, { items, unlabelled }) : await hashDataset(dir);
  return { name, dir, items, hash, unlabelled, skipped };
}
