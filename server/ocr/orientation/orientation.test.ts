import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RgbImage } from '../decode.ts';
import type { Quad } from '../types.ts';
import { mostlyVertical, upsideDownVote } from './page-evidence.ts';
import { orientPage, type TurnedReading } from './page.ts';
import { DEFAULT_FLIP_RULE } from './rule.ts';
import { turnImage, unturnPoint, type Turn } from './turn.ts';

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
