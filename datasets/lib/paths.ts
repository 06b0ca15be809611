import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `datasets/` folder, wherever the process was started from. */
export const datasetsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Accepts a dataset name (`mixed-500`), a folder, or a path to its manifest.jsonl, and returns the
 * folder and manifest path. A name is looked up under datasets/ and then datasets/.cache/.
 */
export function resolveDataset(nameOrPath: string): { dir: string; manifest: string; name: string } {
  let dir: string;
  if (nameOrPath.endsWith('.jsonl')) dir = path.dirname(path.resolve(nameOrPath));
  else if (existsSync(path.resolve(nameOrPath, 'manifest.jsonl')) || nameOrPath.includes('/')) dir = path.resolve(nameOrPath);
  else {
    const cached = path.join(datasetsRoot, '.cache', nameOrPath);
    dir = existsSync(path.join(cached, 'manifest.jsonl')) ? cached : path.join(datasetsRoot, nameOrPath);
  }
  const manifest = nameOrPath.endsWith('.jsonl') ? path.resolve(nameOrPath) : path.join(dir, 'manifest.jsonl');
  return { dir, manifest, name: path.basename(dir) };
}
