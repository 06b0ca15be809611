/**
 * Reads every page of a set at all four quarter turns, once, so page-orientation rules can be replayed
 * offline on every turned version of the set (page-orientation-rules.ts reads the output):
 *   npx tsx harness/accuracy/page-orientation-study.ts --dataset <set> [--limit N] [--out file.json]
 * A page turned v° and then read turned t° is the upright page read turned (v + t)°, pixel for pixel,
 * so four readings per page serve the upright set and its 90°/180°/270° versions.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../../datasets/lib/load.ts';
import { DEFAULT_MANIFEST, loadManifest } from '../../models/manifest.ts';
import { createClassifier } from '../../server/ocr/classify.ts';
import { cropQuad } from '../../server/ocr/crop.ts';
import { decodeImage } from '../../server/ocr/decode.ts';
import { createDetector } from '../../server/ocr/detect.ts';
import { ENGINE_DEFAULTS } from '../../server/ocr/engine.ts';
import { createModelSession } from '../../server/ocr/inference-session.ts';
import { readTurned, type OrientStages, type Turn } from '../../server/ocr/orientation.ts';
import { readingOrder } from '../../server/ocr/reading-order.ts';
import { createRecognizer } from '../../server/ocr/recognize.ts';
import { scoreItem } from './score-items.ts';

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

const { values } = parseArgs({ options: { dataset: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' } } });
if (!values.dataset) {
  console.error('usage: npx tsx harness/accuracy/page-orientation-study.ts --dataset <set> [--limit N] [--out file.json]');
  process.exit(2);
}
const ds = await loadDataset(values.dataset);
const m = await loadManifest(DEFAULT_MANIFEST);
const d = ENGINE_DEFAULTS;
const [det, cls, rec] = await Promise.all([
  createModelSession(m.det.bytes, m.det.spec.id, { threads: 1 }),
  createModelSession(m.cls!.bytes, m.cls!.spec.id, { threads: 1 }),
  createModelSession(m.rec.bytes, m.rec.spec.id, { threads: 1 }),
]);
const detector = createDetector(det, m.det.spec, { limitType: d.limitType, limitSideLen: d.limitSideLen, maxSideLen: d.maxSideLen });
const stages: OrientStages = {
  detect: async (img) => (await detector(img)).quads,
  crop: cropQuad,
  order: readingOrder,
  classify: createClassifier(cls, m.cls!.spec, d.recBatchSize),
  recognize: createRecognizer(rec, m.rec.spec, m.charset, d.recBatchSize, d.recMinWidth),
};

const items: PageStudyItem[] = [];
const pages = ds.items.filter((i) => i.kind === 'page').slice(0, values.limit ? Number(values.limit) : undefined);
for (const item of pages) {
  const img = await decodeImage(await readFile(path.join(ds.dir, item.file)), { maxPixels: d.maxPixels, maxBytes: d.maxBytes });
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
await Promise.all([det.release(), cls.release(), rec.release()]);
const out = values.out ?? path.join('reports', `page-orientation-${ds.name}.json`);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify({ dataset: ds.name, hash: ds.hash, items }));
console.log(`wrote ${out} (${items.length} pages x 4 turns)`);
