import type { EffectiveEngineConfig } from './engine-api.ts';
import type { RecognizerOptions } from './recognize.ts';
import type { OcrMode } from './types.ts';

/** The recognizer's settings in `config` for one mode: the second look is for every unsure line in line mode, for those recRereadPages names in page mode. */
export function recognizerOptions(config: EffectiveEngineConfig, mode: OcrMode, batchSize = config.recBatchSize): RecognizerOptions {
  return {
    batchSize,
    minWidth: config.recMinWidth,
    spaceWeight: config.recSpaceWeight,
    letterDigitMinP: config.recLetterDigitMinP,
    timesSignMinP: config.recTimesSignMinP,
    rereadBelow: mode === 'line' || config.recRereadPages !== 'off' ? config.recRereadBelow : 0,
    rereadHanOnly: mode === 'page' && config.recRereadPages === 'han',
  };
}
