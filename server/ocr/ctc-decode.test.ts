import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ctcDecode } from './ctc-decode.ts';

const charset = ['', 'a', 'b', ' '];

/** One frame per entry: the class that wins and its probability; the rest share what is left. */
function frames(spec: [number, number][]): Float32Array {
  const out = new Float32Array(spec.length * charset.length);
  spec.forEach(([k, p], t) => {
    for (let c = 0; c < charset.length; c++) out[t * charset.length + c] = c === k ? p : (1 - p) / (charset.length - 1);
  });
  return out;
}

describe('ctcDecode', () => {
  const cases: { name: string; input: [number, number][]; want: { text: string; confidence: number } }[] = [
    { name: 'no frames', input: [], want: { text: '', confidence: 0 } },
    { name: 'only blanks', input: [[0, 0.9], [0, 0.8]], want: { text: '', confidence: 0 } },
    { name: 'repeats merge', input: [[1, 0.9], [1, 0.7], [2, 0.8]], want: { text: 'ab', confidence: 0.85 } },
    { name: 'a blank separates a real double letter', input: [[1, 0.9], [0, 0.9], [1, 0.5]], want: { text: 'aa', confidence: 0.7 } },
    { name: 'space class is text', input: [[1, 1], [3, 0.6], [2, 0.8]], want: { text: 'a b', confidence: 0.8 } },
    { name: 'leading and trailing blanks', input: [[0, 0.99], [2, 0.4], [0, 0.99]], want: { text: 'b', confidence: 0.4 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = ctcDecode(frames(c.input), c.input.length, charset.length, charset);
      assert.equal(r.text, c.want.text);
      assert.ok(Math.abs(r.confidence - c.want.confidence) < 1e-6, `confidence ${r.confidence}`);
    });
  }

  it('reads the n-th line of a batch through offset', () => {
    const batch = new Float32Array([...frames([[1, 0.9]]), ...frames([[2, 0.6], [2, 0.6]])]);
    const r = ctcDecode(batch, 2, charset.length, charset, { offset: 1 * charset.length });
    assert.equal(r.text, 'b');
  });

  it('turns logits into the top probability when asked', () => {
    const logits = new Float32Array([0, Math.log(3), 0, 0]); // softmax: a = 3/6
    const r = ctcDecode(logits, 1, 4, charset, { softmax: true });
    assert.equal(r.text, 'a');
    assert.ok(Math.abs(r.confidence - 0.5) < 1e-6);
  });

  describe('space weight', () => {
    const cs = ['', 'a', 'b', ' ', '1', '2', '中', '国', '.'];
    const SP = 3;
    /** Frames as class → probability maps; classes left out share nothing (0). */
    const rows = (spec: Record<number, number>[]) => {
      const out = new Float32Array(spec.length * cs.length);
      spec.forEach((r, t) => Object.entries(r).forEach(([k, p]) => (out[t * cs.length + Number(k)] = p)));
      return out;
    };
    /** `x`, then a gap frame where the blank leads the space 0.5 to 0.3, then `y`. */
    const gap = (x: number, y: number) => rows([{ [x]: 0.9 }, { 0: 0.5, [SP]: 0.3 }, { [y]: 0.9 }]);
    const read = (probs: Float32Array, weight: number, softmax = false) =>
      ctcDecode(probs, probs.length / cs.length, cs.length, cs, { space: { cls: SP, weight }, softmax });

    it('weight 1 is plain best path', () => assert.equal(read(gap(1, 2), 1).text, 'ab'));
    it('a weighted space wins a word gap between letters, or a letter and a digit', () => {
      const r = read(gap(1, 2), 2);
      assert.equal(r.text, 'a b');
      assert.ok(Math.abs(r.confidence - 0.9) < 1e-6, `an added space leaves the confidence the model's own: ${r.confidence}`);
      assert.equal(read(gap(1, 4), 2).text, 'a 1');
      assert.equal(read(gap(6, 1), 2).text, '中 a');
    });
    it('is not enough where the blank leads by more than the weight', () => assert.equal(read(gap(1, 2), 1.5).text, 'ab'));
    it('never splits two digits, two Han characters, or beside punctuation', () => {
      assert.equal(read(gap(4, 5), 3).text, '12');
      assert.equal(read(gap(6, 7), 3).text, '中国');
      assert.equal(read(gap(8, 4), 3).text, '.1');
      assert.equal(read(gap(4, 8), 3).text, '1.');
    });
    it('turns only blank frames into spaces, never a character', () => {
      assert.equal(read(rows([{ 1: 0.9 }, { 2: 0.5, [SP]: 0.3 }, { 0: 0.9 }]), 3).text, 'ab');
    });
    it("keeps the model's own spaces wherever they are, also when the weight starts their run early", () => {
      assert.equal(read(rows([{ 4: 0.9 }, { [SP]: 0.6, 0: 0.3 }, { 5: 0.9 }]), 3).text, '1 2');
      assert.equal(read(rows([{ 6: 0.9 }, { 0: 0.5, [SP]: 0.3 }, { [SP]: 0.6, 0: 0.3 }, { 7: 0.9 }]), 3).text, '中 国');
    });
    it('adds no space at either end or next to a space', () => {
      assert.equal(read(rows([{ 0: 0.5, [SP]: 0.3 }, { 1: 0.9 }, { 0: 0.5, [SP]: 0.3 }]), 2).text, 'a');
      assert.equal(read(rows([{ 1: 0.9 }, { [SP]: 0.9 }, { 0: 0.5, [SP]: 0.3 }, { 0: 0.5, [SP]: 0.3 }, { 2: 0.9 }]), 2).text, 'a b');
    });
    it('weights logits by adding the log of the weight', () => {
      const logits = rows([{ 1: 5 }, { 0: Math.log(0.5), [SP]: Math.log(0.3) }, { 2: 5 }]).map((v) => v || -20);
      assert.equal(read(logits, 1, true).text, 'ab');
      assert.equal(read(logits, 2, true).text, 'a b');
    });
  });

  describe('alternatives (for the letter/digit fix)', () => {
    const cs = ['', 'l', '1', 'o', ' '];
    const rows = (spec: Record<number, number>[]) => {
      const out = new Float32Array(spec.length * cs.length);
      spec.forEach((r, t) => Object.entries(r).forEach(([k, p]) => (out[t * cs.length + Number(k)] = p)));
      return out;
    };
    const confusable = new Map([[2, [1]]]); // `1` is confused with `l`
    const read = (probs: Float32Array, space?: { cls: number; weight: number }) =>
      ctcDecode(probs, probs.length / cs.length, cs.length, cs, { confusable, space });

    it('gives each character of a listed class its runner-up, the best over its frames, at its place in the text', () => {
      const r = read(rows([{ 3: 0.9 }, { 0: 0.5, 4: 0.4 }, { 2: 0.6, 1: 0.1 }, { 2: 0.5, 1: 0.3 }, { 0: 0.9 }, { 2: 0.9, 1: 0.01 }]), { cls: 4, weight: 2 });
      assert.equal(r.text, 'o 11');
      assert.deepEqual(
        r.alternatives?.map((a) => ({ ...a, p: Math.round(a.p * 100) / 100 })),
        [
          { at: 2, char: 'l', p: 0.3 },
          { at: 3, char: 'l', p: 0.01 },
        ],
      );
    });
    it('reports none without the map, and none for other classes', () => {
      assert.equal(ctcDecode(rows([{ 2: 0.9 }]), 1, cs.length, cs).alternatives, undefined);
      assert.deepEqual(read(rows([{ 1: 0.9, 2: 0.1 }])).alternatives, []);
    });
  });
});
