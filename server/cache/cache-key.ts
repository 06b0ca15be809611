import { createHash } from 'node:crypto';
import type { ModelInfo, OcrMode } from '../ocr/types.ts';

export interface CacheKeyInput {
  image: Uint8Array;
  mode: OcrMode;
  cls: boolean;
  models: readonly ModelInfo[];
}

/**
 * sha256 of the image bytes, the options that change the result, and the model hashes, so a model
 * upgrade never serves stale answers. `detail` is not part of it: it only trims the stored full result.
 */
export function cacheKey({ image, mode, cls, models }: CacheKeyInput): string {
  const img = createHash('sha256').update(image).digest('hex');
  const mdl = createHash('sha256').update(models.map((m) => `${m.role}:${m.id}:${m.sha256}`).join('|')).digest('hex').slice(0, 16);
  return `ocr:v1:${img}:${mode}:cls=${cls ? 1 : 0}:m=${mdl}`;
}
