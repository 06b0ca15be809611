import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveDataset } from './paths.ts';

/**
 * Content hash of a dataset: sha256 over the manifest bytes, then, for each item in manifest order,
 * its `file` string, its byte length and its bytes (the length framing keeps two different sets
 * from hashing alike by moving bytes between files). Any change to a label or an image changes it,
 * so a report that carries it says exactly which data was measured. Returns lowercase hex.
 * Throws if the manifest or an image cannot be read; lines that are not JSON objects are hashed
 * as manifest bytes only (validation reports them).
 */
export async function hashDataset(dirOrManifest: string): Promise<string> {
  const { dir, manifest } = resolveDataset(dirOrManifest);
  const manifestBytes = await readFile(manifest);
  const hash = createHash('sha256').update(manifestBytes);
  for (const raw of manifestBytes.toString('utf8').split('\n')) {
    if (!raw.trim()) continue;
    let file: unknown;
    try {
      file = (JSON.parse(raw) as { file?: unknown }).file;
    } catch {
      continue;
    }
    if (typeof file !== 'string') continue;
    const bytes = await readFile(path.resolve(dir, file));
    hash.update(`\0${file}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}
