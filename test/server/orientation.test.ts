import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { makePage } from '../../datasets/generate/make-page.ts';
import { createRng } from '../../datasets/generate/rng.ts';
import { loadDataset } from '../../datasets/lib/load.ts';
import { expectedLines } from '../../datasets/lib/schema.ts';
import { scorePage } from '../../harness/accuracy/metrics.ts';
import { createEngine, type OcrEngine } from '../../server/ocr/engine.ts';
import { DEFAULT_FLIP_RULE } from '../../server/ocr/orientation/rule.ts';
import type { Turn } from '../../server/ocr/orientation/turn.ts';

const read = (f: string) => readFile(`datasets/real-public/${f}`);
/** The image turned clockwise, EXIF orientation applied first (what a phone held sideways gives). */
const turned = async (bytes: Buffer, deg: Turn) => sharp(await sharp(bytes).rotate().png().toBuffer()).rotate(deg).png().toBuffer();

describe('orientation on real images with the real models', () => {
  let engine: OcrEngine;
  before(async () => {
    engine = await createEngine();
  });
  after(() => engine.close());

  for (const c of [
    { file: 'lines/paddle_en_word_1.png', want: 'JOINT' },
    { file: 'lines/rapidocr_text_rec.jpg', want: '韩国小馆' },
  ]) {
    it(`a real line turned 180° reads right in line mode (${c.file})`, async () => {
      const r = await engine.recognize(await turned(await read(c.file), 180), { mode: 'line' });
      assert.equal(r.text, c.want);
      assert.equal(r.orientation?.rotation, 180);
    });
  }

  it('line mode runs the classifier only on a line the recognizer doubts (below classifyBelow)', async () => {
    const upright = await engine.recognize(await read('lines/paddle_en_word_1.png'), { mode: 'line' });
    assert.ok(upright.lines[0].confidence >= DEFAULT_FLIP_RULE.classifyBelow, `JOINT read at ${upright.lines[0].confidence}`);
    assert.equal(upright.timings.classify, 0);
    const down = await engine.recognize(await turned(await read('lines/paddle_en_word_1.png'), 180), { mode: 'line' });
    assert.ok(down.timings.classify > 0);
    assert.equal(down.text, 'JOINT');
  });

  it('no upright real-public line is turned with the classifier on, and none reads worse than with it off', async () => {
    const ds = await loadDataset('real-public');
    for (const item of ds.items.filter((i) => i.kind === 'line' && !i.tags?.includes('rotated-180'))) {
      const bytes = await read(item.file);
      const [on, off] = [await engine.recognize(bytes, { mode: 'line', cls: true }), await engine.recognize(bytes, { mode: 'line', cls: false })];
      assert.notEqual(on.orientation?.rotation, 180, `${item.id} read as ${on.text}`);
      assert.equal(on.text, off.text, item.id);
    }
  });

  it('a real page turned 90°, 180° and 270° is found and read within 0.01 F1 of upright', async () => {
    const item = (await loadDataset('real-public')).items.find((i) => i.id === 'pages/chocr_train-demo')!;
    const want = expectedLines(item);
    const f1 = (texts: string[]) => scorePage(texts, want).f1;
    const bytes = await read(item.file);
    const upright = await engine.recognize(bytes, { mode: 'page', cls: true });
    assert.equal(upright.orientation?.rotation, 0);
    for (const deg of [90, 180, 270] as Turn[]) {
      const r = await engine.recognize(await turned(bytes, deg), { mode: 'page', cls: true });
      assert.equal(r.orientation?.rotation, (360 - deg) % 360, `turned ${deg}`);
      assert.ok(f1(r.lines.map((l) => l.text)) >= f1(upright.lines.map((l) => l.text)) - 0.01, `turned ${deg}: ${r.text}`);
      // Boxes are in the turned image's own coordinates.
      for (const l of r.lines) for (const [x, y] of l.box) assert.ok(x >= 0 && y >= 0 && x <= r.width && y <= r.height);
    }
  });

  it('a dense synthetic page turned 90°, whose boxes run across its lines, is turned upright and read', async () => {
    // synth-pages seed 909, item 11 (a document): the generator's own page, made here byte for byte.
    const page = await makePage('document', createRng(909, 'synth-pages/11'));
    const want = page.item.lines.map((l) => l.text);
    const f1 = (r: { lines: { text: string }[] }) => scorePage(r.lines.map((l) => l.text), want).f1;
    const upright = await engine.recognize(page.bytes, { mode: 'page', cls: true });
    const r = await engine.recognize(await turned(page.bytes, 90), { mode: 'page', cls: true });
    assert.equal(r.orientation?.rotation, 270, r.text);
    assert.ok(f1(r) >= f1(upright) - 0.01, `upright F1 ${f1(upright)}, turned ${f1(r)}: ${r.text}`);
  });
});
