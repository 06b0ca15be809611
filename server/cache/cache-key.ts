import { createHash } from 'node:crypto';
import type { ModelInfo, OcrMode } from '../ocr/types.ts';

export interface CacheKeyInput {
  image: Uint8Array;
  mode: OcrMode;
  /** As requested; undefined means the engine's default for the mode. */
  cls: boolean | undefined;
  models: readonly ModelInfo[];
  /** The engine's effective config (detector sizing, defaults…): it changes results too. */
  engine: unknown;
}

/**
 * sha256 of the image bytes, the options that change the result, the model hashes and the engine's
 * config, so a model upgrade or a retuned engine never serves stale answers. `detail` is not part of
 * it: it only trims the stored full result.
 */
export function cacheKey({ image, mode, cls, models, engine }: CacheKeyInput): string {
  const img = createHash('sha256').update(image).digest('hex');
  const setup = createHash('sha256')
    .update(models.map((m) => `${m.role}:${m.id}:${m.sha256}`).join('|'))
    .update(JSON.stringify(engine ?? null))
    .digest('hex')
    .slice(0, 16);
  return `ocr:v1:${img}:${mode}:cls=${cls === undefined ? 'default' : cls ? 1 : 0}:m=${setup}`;
}
