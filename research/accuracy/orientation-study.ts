/**
 * Collects what an orientation rule needs, once per set, so rules can be compared offline without
 * re-running the models (orientation-rules.ts reads the output):
 *   npx tsx research/accuracy/orientation-study.ts --dataset <set> [--out reports/orientation-<set>.json]
 * For every line item, and for every detected line of every page item: the classifier's probability
 * that the line is upside down, as given and turned 180°, and the recognizer's reading (text,
 * confidence) both ways. A line turned 180° is the same two crops swapped, so one pass serves the
 * upright and the upside-down version of a set.
 */
import { expectedLines } from '../../datasets/lib/schema.ts';
import { cropQuad, rotate180, rotate90ccw } from '../../server/ocr/crop.ts';
import type { RgbImage } from '../../server/ocr/decode.ts';
import { readingOrder } from '../../server/ocr/reading-order.ts';
import { startStudy } from './study-setup.ts';

export interface StudyLine {
  w: number;
  h: number;
  /** P(upside down) of the crop as given and of the crop turned 180°. */
  pUp: number;
  pDn: number;
  up: { text: string; confidence: number };
  dn: { text: string; confidence: number };
}
export interface StudyItem {
  id: string;
  kind: 'line' | 'page';
  lang: string;
  category: string;
  expected: string[];
  lines: StudyLine[];
}

const { ds, limit, detect, classify, recognize, decode, finish } = await startStudy('orientation-study.ts', 1, 'line');

async function study(crops: RgbImage[]): Promise<StudyLine[]> {
  const flipped = crops.map(rotate180);
  const [pUp, pDn, up, dn] = [await classify(crops), await classify(flipped), await recognize(crops), await recognize(flipped)];
  return crops.map((c, i) => ({ w: c.width, h: c.height, pUp: pUp[i], pDn: pDn[i], up: up[i], dn: dn[i] }));
}

const items: StudyItem[] = [];
let done = 0;
for (const item of ds.items.slice(0, limit)) {
  const img = await decode(item);
  let crops: RgbImage[];
  if (item.kind === 'line') crops = [img.height >= 1.5 * img.width ? rotate90ccw(img) : img];
  else {
    const { quads: found } = await detect(img);
    crops = readingOrder(found).map((i) => cropQuad(img, found[i]));
  }
  items.push({ id: item.id, kind: item.kind, lang: item.lang, category: item.category, expected: expectedLines(item), lines: await study(crops) });
  if (++done % 50 === 0) process.stderr.write(`\r${done}`);
}
process.stderr.write('\n');
const out = await finish('orientation', items);
console.log(`wrote ${out} (${items.length} items, ${items.reduce((s, i) => s + i.lines.length, 0)} lines)`);
