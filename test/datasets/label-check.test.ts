import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { scoreLine, scorePage } from '../../harness/accuracy/metrics.ts';
import { createEngine, type OcrEngine } from '../../server/ocr/engine.ts';
import { pageCategories } from '../../datasets/generate/content.ts';
import { makeLine, type LineCategory } from '../../datasets/generate/make-line.ts';
import { makePage } from '../../datasets/generate/make-page.ts';
import type { Degradation } from '../../datasets/generate/degrade-plan.ts';
import { createRng } from '../../datasets/generate/rng.ts';

/**
 * Every synthetic label must be what was rendered. The real engine reads a fresh sample of 21
 * generated images (14 lines, 7 pages, one per category); if the generator dropped, added or
 * changed text between the label and the pixels, the reading would disagree with the label far
 * more than recognition errors explain. The photometric damage is softened (rotation, tilt and
 * scale are kept, so the box mapping and layout are exercised) because this test is about labels,
 * not about how well the engine reads bad photos (the eval figures in datasets/README.md are).
 * A shuffled pairing of the same readings is the control: it shows the thresholds separate right
 * labels from wrong ones.
 */
const soften = (d: Degradation): Degradation => ({ ...d, blurSigma: Math.min(d.blurSigma, 0.8), noiseSigma: Math.min(d.noiseSigma, 4), contrast: Math.max(d.contrast, 0.8), quality: Math.max(d.quality, 70) });
let engine: OcrEngine;
before(async () => {
  engine = await createEngine({ threads: 1 });
});
after(() => engine.close());

const SEED = 20240;

test('the engine reads generated lines as labeled', async () => {
  const cats: LineCategory[] = ['printed', 'printed', 'printed', 'printed', 'printed', 'printed', 'scene', 'scene', 'scene', 'scene', 'handwritten', 'handwritten', 'handwritten', 'printed'];
  const readings: { got: string; want: string }[] = [];
  for (const [i, c] of cats.entries()) {
    const { bytes, item } = await makeLine(c, createRng(SEED, `label-check/line/${i}`), { adjust: soften });
    const r = await engine.recognize(bytes, { mode: 'line' });
    readings.push({ got: r.text, want: item.text });
  }
  const cer = (pairs: typeof readings) => {
    const s = pairs.map((p) => scoreLine(p.got, p.want));
    return { cer: s.reduce((a, x) => a + x.edits, 0) / s.reduce((a, x) => a + x.refChars, 0), exact: s.filter((x) => x.exact).length / s.length };
  };
  const right = cer(readings);
  console.log(`lines: ${JSON.stringify(right)}`);
  assert.ok(right.cer <= 0.03 && right.exact >= 0.8, `labels disagree with readings: ${JSON.stringify(right)} ${JSON.stringify(readings)}`);
  const shuffled = cer(readings.map((p, i) => ({ got: p.got, want: readings[(i + 1) % readings.length].want })));
  assert.ok(shuffled.cer > 0.5 && shuffled.exact < 0.2, `control did not fail: ${JSON.stringify(shuffled)}`);
});

type Quad = [number, number][];
/** Point inside a convex quad (clockwise or not): all edge cross products share a sign. */
function inside([x, y]: [number, number], q: Quad): boolean {
  const s = q.map(([ax, ay], i) => {
    const [bx, by] = q[(i + 1) % q.length];
    return (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  });
  return s.every((v) => v >= 0) || s.every((v) => v <= 0);
}
const centre = (q: Quad): [number, number] => [q.reduce((a, p) => a + p[0], 0) / q.length, q.reduce((a, p) => a + p[1], 0) / q.length];
/** Share of label boxes that hold the centre of at least one detected box. */
const boxHits = (labels: Quad[], detected: Quad[]) => labels.filter((l) => detected.some((d) => inside(centre(d), l))).length / labels.length;

test('the engine reads generated pages as labeled (every category), where the boxes say', async () => {
  const pages: { got: string[]; want: string[]; labelBoxes: Quad[]; detected: Quad[] }[] = [];
  for (const c of pageCategories) {
    const { bytes, item } = await makePage(c, createRng(SEED, `label-check/page/${c}`), { adjust: soften });
    const r = await engine.recognize(bytes, { mode: 'page' });
    pages.push({ got: r.lines.map((l) => l.text), want: item.lines.map((l) => l.text), labelBoxes: item.lines.map((l) => l.box!), detected: r.lines.map((l) => l.box) });
  }
  const f1s = pages.map((p) => scorePage(p.got, p.want).f1);
  const mean = f1s.reduce((a, b) => a + b, 0) / f1s.length;
  assert.ok(mean >= 0.97 && Math.min(...f1s) >= 0.9, `page F1 per category ${f1s.map((f) => f.toFixed(3)).join(' ')}`);
  const control = pages.map((p, i) => scorePage(p.got, pages[(i + 1) % pages.length].want).f1);
  console.log(`page F1 ${f1s.map((f) => f.toFixed(3)).join(' ')}; control ${control.map((f) => f.toFixed(3)).join(' ')}`);
  assert.ok(Math.max(...control) < 0.6 && control.reduce((a, b) => a + b, 0) / control.length < 0.4, `control did not fail: ${control.map((f) => f.toFixed(3)).join(' ')}`);
  // Boxes: the detector finds text inside (nearly) every labeled box, and not inside another page's boxes.
  const hits = pages.map((p) => boxHits(p.labelBoxes, p.detected));
  const missHits = pages.map((p, i) => boxHits(pages[(i + 1) % pages.length].labelBoxes, p.detected));
  console.log(`box hits ${hits.map((h) => h.toFixed(2)).join(' ')}; control ${missHits.map((h) => h.toFixed(2)).join(' ')}`);
  assert.ok(Math.min(...hits) >= 0.9, `labeled boxes without detected text: ${hits.join(' ')}`);
  assert.ok(missHits.reduce((a, b) => a + b, 0) / missHits.length < 0.6, `box control did not fail: ${missHits.join(' ')}`);
});
