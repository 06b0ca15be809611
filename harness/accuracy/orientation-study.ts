/**
 * Collects what an orientation rule needs, once per set, so rules can be compared offline without
 * re-running the models (orientation-rules.ts reads the output):
 *   npx tsx harness/accuracy/orientation-study.ts --dataset <set> [--out reports/orientation-<set>.json]
 * For every line item, and for every detected line of every page item: the classifier's probability
 * that the line is upside down, as given and turned 180°, and the recognizer's reading (text,
 * confidence) both ways. A line turned 180° is the same two crops swapped, so one pass serves the
 * upright and the upside-down version of a set.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../../datasets/lib/load.ts';
import { expectedLines } from '../../datasets/lib/schema.ts';
import { DEFAULT_MANIFEST, loadManifest } from '../../models/manifest.ts';
import { createClassifier } from '../../server/ocr/classify.ts';
import { cropQuad, rotate180, rotate90ccw } from '../../server/ocr/crop.ts';
import { decodeImage, type RgbImage } from '../../server/ocr/decode.ts';
import { createDetector } from '../../server/ocr/detect.ts';
import { ENGINE_DEFAULTS } from '../../server/ocr/engine.ts';
import { createModelSession } from '../../server/ocr/inference-session.ts';
import { readingOrder } from '../../server/ocr/reading-order.ts';
import { createRecognizer } from '../../server/ocr/recognize.ts';

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

const { values } = parseArgs({ options: { dataset: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' } } });
if (!values.dataset) {
  console.error('usage: npx tsx harness/accuracy/orientation-study.ts --dataset <set> [--limit N] [--out file.json]');
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
const detect = createDetector(det, m.det.spec, { limitType: d.limitType, limitSideLen: d.limitSideLen, maxSideLen: d.maxSideLen });
const classify = createClassifier(cls, m.cls!.spec, 1);
const recognize = createRecognizer(rec, m.rec.spec, m.charset, 1, d.recMinWidth);

async function study(crops: RgbImage[]): Promise<StudyLine[]> {
  const flipped = crops.map(rotate180);
  const [pUp, pDn, up, dn] = [await classify(crops), await classify(flipped), await recognize(crops), await recognize(flipped)];
  return crops.map((c, i) => ({ w: c.width, h: c.height, pUp: pUp[i], pDn: pDn[i], up: up[i], dn: dn[i] }));
}

const items: StudyItem[] = [];
let done = 0;
for (const item of ds.items.slice(0, values.limit ? Number(values.limit) : undefined)) {
  const img = await decodeImage(await readFile(path.join(ds.dir, item.file)), { maxPixels: d.maxPixels, maxBytes: d.maxBytes });
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
await Promise.all([det.release(), cls.release(), rec.release()]);
const out = values.out ?? path.join('reports', `orientation-${ds.name}.json`);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify({ dataset: ds.name, hash: ds.hash, items }));
console.log(`wrote ${out} (${items.length} items, ${items.reduce((s, i) => s + i.lines.length, 0)} lines)`);
