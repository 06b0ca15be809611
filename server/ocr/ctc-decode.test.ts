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
});
