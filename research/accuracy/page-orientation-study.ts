/**
 * Reads every page of a set at all four quarter turns, once, so page-orientation rules can be replayed
 * offline on every turned version of the set (page-orientation-rules.ts reads the output):
 *   npx tsx research/accuracy/page-orientation-study.ts --dataset <set> [--limit N] [--out file.json]
 * A page turned v° and then read turned t° is the upright page read turned (v + t)°, pixel for pixel,
 * so four readings per page serve the upright set and its 90°/180°/270° versions.
 */
import { cropQuad } from '../../server/ocr/crop.ts';
import { ENGINE_DEFAULTS } from '../../server/ocr/engine.ts';
import { readTurned, type OrientStages } from '../../server/ocr/orientation/page.ts';
import type { Turn } from '../../server/ocr/orientation/turn.ts';
import { readingOrder } from '../../server/ocr/reading-order.ts';
import { scoreItem } from '../../harness/accuracy/score-items.ts';
import { startStudy } from './study-setup.ts';

/** One reading of a page turned `turn`° clockwise from upright, as orientPage sees it, and its score. */
export interface StudyReading {
  turn: Turn;
  texts: { text: string; confidence: number }[];
  vote: number;
  vertical: boolean;
  boxes: number;
  f1: number;
}
export interface PageStudyItem {
  id: string;
  lang: string;
  category: string;
  /** Indexed by turn / 90. */
  readings: StudyReading[];
}

const { ds, limit, detect, classify, recognize, decode, finish } = await startStudy('page-orientation-study.ts', ENGINE_DEFAULTS.recBatchSize, 'page');
const stages: OrientStages = { detect: async (img) => (await detect(img)).quads, crop: cropQuad, order: readingOrder, classify, recognize };

const items: PageStudyItem[] = [];
const pages = ds.items.filter((i) => i.kind === 'page').slice(0, limit);
for (const item of pages) {
  const img = await decode(item);
  const readings: StudyReading[] = [];
  for (const turn of [0, 90, 180, 270] as Turn[]) {
    const r = await readTurned(img, turn, stages);
    const texts = r.texts.map((t) => ({ text: t.text.trim(), confidence: t.confidence }));
    const f1 = scoreItem(item, texts.map((t) => t.text).filter(Boolean)).page!.f1;
    readings.push({ turn, texts, vote: r.vote, vertical: r.vertical, boxes: r.quads.length, f1 });
  }
  items.push({ id: item.id, lang: item.lang, category: item.category, readings });
  process.stderr.write(`\r${items.length}/${pages.length}`);
}
process.stderr.write('\n');
const out = await finish('page-orientation', items);
console.log(`wrote ${out} (${items.length} pages x 4 turns)`);
