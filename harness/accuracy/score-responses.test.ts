import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasetItem } from '../../datasets/lib/schema.ts';
import { scoreRun, type ScoredResponse } from './score-responses.ts';

const common = { width: 10, height: 10, source: 'test', license: 'MIT', lang: 'en', category: 'printed' } as const;
const items: DatasetItem[] = [
  { ...common, id: 'l1', file: 'l1.png', kind: 'line', text: 'hello' },
  { ...common, id: 'l2', file: 'l2.png', kind: 'line', text: 'world!' },
  { ...common, id: 'p1', file: 'p1.png', kind: 'page', lines: [{ text: 'ab' }, { text: 'cd' }] },
];
const labels = new Map(items.map((i) => [i.id, i]));
const r = (phase: string, sampleId: string, text: string | null, extra: Partial<ScoredResponse> = {}): ScoredResponse => ({
  phase,
  warmup: false,
  sampleId,
  errorKind: text === null ? 'overloaded' : null,
  text,
  lines: text === null ? null : text.split('\n'),
  ...extra,
});

test('known responses give the known accuracy, per phase and against the baseline', () => {
  const run = scoreRun(
    [
      r('baseline', 'l1', 'hello'),
      r('baseline', 'l2', 'world!'),
      r('baseline', 'p1', 'ab\ncd'),
      // Phase A: l1 right, l2 with 2 edits (world! -> word), page with one line missing.
      r('A', 'l1', 'hello'),
      r('A', 'l2', 'word'),
      r('A', 'p1', 'ab'),
      // A warm-up answer is scored too: 'hello' read right.
      r('A', 'l1', 'hello', { warmup: true }),
      // Not scored: an error, an unknown sample.
      r('A', 'l1', null),
      r('A', 'zz', 'whatever'),
    ],
    labels,
  );
  assert.deepEqual(run.baseline, { scored: 3, lineItems: 2, pageItems: 1, cer: 0, lineExact: 1, pageF1: 1, pageCer: 0 });
  const a = run.phases.get('A')!;
  // CER = 2 edits / 16 label chars (hello twice, world!); page: precision 1, recall 0.5 -> F1 2/3; CER 2/4.
  assert.deepEqual(a.accuracy, { scored: 4, lineItems: 3, pageItems: 1, cer: 2 / 16, lineExact: 2 / 3, pageF1: 2 / 3, pageCer: 0.5 });
  // Paired against the baseline: the same 4 answers; the baseline read them all right.
  assert.deepEqual(a.change, { paired: 4, changedOutputs: 2, cerDelta: 2 / 16, pageF1Delta: 2 / 3 - 1 });
});

test('no baseline: no change figures', () => {
  const run = scoreRun([r('A', 'l1', 'hellp')], labels);
  assert.equal(run.baseline, null);
  assert.deepEqual(run.phases.get('A'), { accuracy: { scored: 1, lineItems: 1, pageItems: 0, cer: 0.2, lineExact: 0, pageF1: null, pageCer: null }, change: null });
});
