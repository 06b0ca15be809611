import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { loadDataset } from '../../datasets/lib/load.ts';
import { expectedLines } from '../../datasets/lib/schema.ts';
import { scorePage } from '../../harness/accuracy/metrics.ts';
import type { RgbImage } from './decode.ts';
import { createEngine, type OcrEngine } from './engine.ts';
import { makePage } from '../../datasets/generate/make-page.ts';
import { createRng } from '../../datasets/generate/rng.ts';
import { DEFAULT_FLIP_RULE, mostlyVertical, orientPage, turnImage, unturnPoint, upsideDownVote, type Turn, type TurnedReading } from './orientation.ts';
import type { Quad } from './types.ts';

const read = (f: string) => readFile(`datasets/real-public/${f}`);
/** The image turned clockwise, EXIF orientation applied first (what a phone held sideways gives). */
const turned = async (bytes: Buffer, deg: Turn) => sharp(await sharp(bytes).rotate().png().toBuffer()).rotate(deg).png().toBuffer();

describe('orientation helpers', () => {
  it('unturnPoint undoes turnImage for every turn, pixel for pixel', () => {
    const img: RgbImage = { width: 3, height: 2, data: new Uint8Array(18).map((_, i) => i) };
    const px = (im: RgbImage, x: number, y: number) => im.data[(y * im.width + x) * 3];
    for (const deg of [0, 90, 180, 270] as Turn[]) {
      const t = turnImage(img, deg);
      assert.deepEqual([t.width, t.height], deg % 180 ? [2, 3] : [3, 2]);
      for (let y = 0; y < t.height; y++) {
        for (let x = 0; x < t.width; x++) {
          // Pixel centres: a pixel (x, y) covers [x, x+1) x [y, y+1).
          const [ox, oy] = unturnPoint([x + 0.5, y + 0.5], deg, t.width, t.height);
          assert.equal(px(t, x, y), px(img, Math.floor(ox), Math.floor(oy)), `turn ${deg} at ${x},${y}`);
        }
      }
    }
  });

  const box = (w: number, h: number): Quad => [[0, 0], [w, 0], [w, h], [0, h]];
  const cases: { name: string; quads: Quad[]; want: boolean }[] = [
    { name: 'no boxes', quads: [], want: false },
    { name: 'horizontal lines', quads: [box(200, 30), box(120, 30)], want: false },
    { name: 'a vertical slogan beside longer horizontal text', quads: [box(40, 200), box(300, 40)], want: false },
    { name: 'a page turned 90°', quads: [box(30, 200), box(30, 120), box(40, 40)], want: true },
    { name: 'single characters only', quads: [box(30, 30), box(32, 28)], want: false },
  ];
  for (const c of cases) it(`mostlyVertical: ${c.name}`, () => assert.equal(mostlyVertical(c.quads), c.want));

  it('orientPage reads both quarter turns of a page the vote still calls upside down after the half turn', async () => {
    // Readings as a sideways dense page gave them (synth-pages seed 909, 0011-document turned 90°): as given,
    // ten boxes across the lines read as four confident characters; turned 180°, sideways garbage; turned
    // 270°, the upright page.
    const at: Record<Turn, Omit<TurnedReading, 'rotation' | 'quads' | 'linesReadTwice'>> = {
      0: { texts: [{ text: '租赁协议', confidence: 0.99 }], vote: 0.98, vertical: false },
      90: { texts: [{ text: '议协赁租', confidence: 0.3 }], vote: 1, vertical: false },
      180: { texts: [{ text: '合同双方应当遵循平等', confidence: 0.6 }], vote: 0.02, vertical: false },
      270: { texts: [{ text: '租赁协议', confidence: 1 }, { text: '合同双方应当遵循平等、自愿、公平', confidence: 0.995 }], vote: 0.02, vertical: false },
    };
    const reads: Turn[] = [];
    const read = async (t: Turn): Promise<TurnedReading> => {
      reads.push(t);
      return { ...at[t], rotation: t, quads: [], linesReadTwice: 0 };
    };
    assert.equal((await orientPage(read, DEFAULT_FLIP_RULE)).rotation, 270);
    assert.deepEqual(reads, [0, 180, 90, 270]);
    reads.length = 0;
    assert.equal((await orientPage(read, { ...DEFAULT_FLIP_RULE, quarterWhenDoubted: 'never' })).rotation, 0);
    assert.deepEqual(reads, [0, 180]);
  });

  it('upsideDownVote weighs lines by length and ignores one-character crops when longer lines exist', () => {
    const crop = (w: number, h: number) => ({ width: w, height: h, data: new Uint8Array(0) });
    assert.equal(upsideDownVote([crop(300, 30), crop(30, 30)], [0.1, 0.99]), 0);
    assert.equal(upsideDownVote([crop(300, 30), crop(100, 30)], [0.9, 0.1]), 10 / (10 + 100 / 30));
    assert.equal(upsideDownVote([crop(30, 30)], [0.9]), 1);
    assert.equal(upsideDownVote([], []), 0);
  });
});

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
