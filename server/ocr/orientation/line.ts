import type { Classify } from '../classify.ts';
import { rotate180 } from '../crop.ts';
import type { RgbImage } from '../decode.ts';
import type { RecognizedText, RecognizeLines } from '../engine-api.ts';
import type { FlipRule } from './rule.ts';

export interface CheckedLines {
  texts: RecognizedText[];
  /** Which lines were kept turned 180°. */
  flipped: boolean[];
  /** Lines that cost a second recognizer run. */
  checked: number;
}

/** Reads lines that may be upside down one by one (line mode, or lines whose page gives no context). */
export async function readLinesChecked(crops: RgbImage[], classify: Classify, recognize: RecognizeLines, rule: FlipRule): Promise<CheckedLines> {
  const texts = await recognize(crops);
  const unsure = crops.map((_, i) => i).filter((i) => texts[i].confidence < rule.classifyBelow);
  const p180 = new Map<number, number>();
  if (unsure.length) (await classify(unsure.map((i) => crops[i]))).forEach((p, n) => p180.set(unsure[n], p));
  const doubted = (i: number) => {
    const p = p180.get(i);
    return p !== undefined && (p >= rule.clsThreshold || (p >= rule.sureUpright && texts[i].confidence < rule.checkBelow));
  };
  const idx = unsure.filter(doubted);
  const flipped = crops.map(() => false);
  if (idx.length) {
    const turned = await recognize(idx.map((i) => rotate180(crops[i])));
    idx.forEach((i, n) => {
      if (turned[n].confidence > texts[i].confidence + rule.minGain) {
        texts[i] = turned[n];
        flipped[i] = true;
      }
    });
  }
  return { texts, flipped, checked: idx.length };
}
