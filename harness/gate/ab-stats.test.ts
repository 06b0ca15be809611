import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answeredIn, capacityWeights } from './ab-block.ts';
import { decide, type BlockRecord } from './ab-gate.ts';
import { AB_METRICS, decideMetric, effectInterval, overallVerdict, pairBlocks, tQuantile95, type BlockFigures, type MetricRule } from './ab-stats.ts';
import { calibrationTable, tally } from './calibrate.ts';

const cpuRule = AB_METRICS.find((r) => r.key === 'cpuPerImage')!;
const capacityRule = AB_METRICS.find((r) => r.key === 'capacity')!;
const f1Rule = AB_METRICS.find((r) => r.key === 'pageF1')!;

const figures = (over: Partial<BlockFigures> = {}): BlockFigures => ({ cpuPerImage: 0.5, serviceMean: 400, peakRss: 900e6, pageF1: 0.98, lineCer: 0.02, capacity: 2.5, ...over });

const alternate = (n: number): ('base' | 'head')[] => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'base' : 'head'));

test('results pair up base with head, two by two', () => {
  const blocks = (['base', 'head', 'head', 'base'] as const).map((side, i) => ({ side, figures: i }));
  assert.deepEqual(pairBlocks(blocks), [{ base: 0, head: 1 }, { base: 3, head: 2 }]);
  // An odd result out is dropped, and two of one side are not a pair.
  assert.equal(pairBlocks(alternate(5).map((side, i) => ({ side, figures: i }))).length, 2);
  assert.equal(pairBlocks((['base', 'base'] as const).map((side, i) => ({ side, figures: i }))).length, 0);
});

test('the paired t interval matches a hand computation', () => {
  // mean 0.02, sd 0.01 (effects 0.01, 0.02, 0.03), n 3, df 2: half-width 2.92 * 0.01 / sqrt(3).
  const iv = effectInterval([0.01, 0.02, 0.03])!;
  assert.ok(Math.abs(iv.mean - 0.02) < 1e-12);
  assert.ok(Math.abs(iv.sd - 0.01) < 1e-12);
  assert.ok(Math.abs(iv.hi - iv.mean - (2.92 * 0.01) / Math.sqrt(3)) < 1e-9);
  assert.equal(iv.df, 2);
  assert.equal(tQuantile95(1000), 1.645);
  // One pair alone has no spread: an infinite interval, unless the history supplies the noise.
  const lone = effectInterval([0.05])!;
  assert.equal(lone.hi, Infinity);
  const helped = effectInterval([0.05], { sd: 0.01, df: 12, runs: 4 })!;
  assert.ok(Number.isFinite(helped.hi) && helped.pooled);
});

test('a history of quiet A/A runs narrows the interval, a noisy one widens it', () => {
  const effects = [0.04, 0.06, 0.05, 0.07];
  const own = effectInterval(effects)!;
  const quiet = effectInterval(effects, { sd: 0.002, df: 20, runs: 5 })!;
  const noisy = effectInterval(effects, { sd: 0.08, df: 20, runs: 5 })!;
  assert.ok(quiet.hi - quiet.lo < own.hi - own.lo);
  assert.ok(noisy.hi - noisy.lo > own.hi - own.lo);
  assert.equal(quiet.df, 3 + 20);
});

test('regression: the interval wholly past the tolerance; noisy: wider than it; else pass', () => {
  const at = (mean: number, half: number) => ({ mean, lo: mean - half, hi: mean + half, sd: 0, df: 4, pairs: 5, pooled: false });
  assert.equal(decideMetric(cpuRule, at(Math.log(1.1), 0.01)).verdict, 'regression');
  // Centred on +5% but reaching below +3%: not proven beyond tolerance, and wider than it.
  assert.equal(decideMetric(cpuRule, at(Math.log(1.05), 0.03)).verdict, 'noisy');
  assert.equal(decideMetric(cpuRule, at(0, 0.01)).verdict, 'pass');
  // A faster head with a tight interval passes.
  assert.equal(decideMetric(cpuRule, at(Math.log(0.9), 0.005)).verdict, 'pass');
  // Capacity is worse when lower.
  assert.equal(decideMetric(capacityRule, at(Math.log(0.6), 0.02)).verdict, 'regression');
  assert.equal(decideMetric(capacityRule, at(Math.log(1.4), 0.02)).verdict, 'pass');
  // F1 is judged on the absolute difference.
  assert.equal(decideMetric(f1Rule, at(-0.02, 0.001)).verdict, 'regression');
  assert.equal(decideMetric(f1Rule, at(0, 0)).verdict, 'pass');
  assert.equal(decideMetric(f1Rule, null).verdict, 'unmeasured');
  const text = decideMetric(cpuRule, at(Math.log(1.1), 0.01)).text;
  assert.match(text, /CPU per image: head\/base 1\.100 \[1\.08\d, 1\.11\d\].*REGRESSION/);
});

test('the run verdict: any regression fails, else any noisy metric is INVALID, else PASS', () => {
  const d = (verdict: 'pass' | 'regression' | 'noisy' | 'unmeasured') => ({ ...decideMetric(cpuRule, null), verdict });
  assert.equal(overallVerdict([d('pass'), d('unmeasured')]), 'PASS');
  assert.equal(overallVerdict([d('pass'), d('noisy')]), 'INVALID');
  assert.equal(overallVerdict([d('noisy'), d('regression')]), 'FAIL');
});

const blocksOf = (base: BlockFigures[], head: BlockFigures[], errors = { base: 0, head: 0 }, foreignCores = 0): BlockRecord[] => {
  const queues = { base: [...base], head: [...head] };
  return alternate(base.length + head.length).map((side) => ({ side, figures: queues[side].shift()!, errors: errors[side], images: 12, coldStartMs: 1500, foreignCores, pinned: true }));
};

test('decide: a steady +10% CPU fails on CPU; identical sides pass; a drift shared by a pair cancels', () => {
  const drift = [1, 1.2, 0.9, 1.1];
  const base = drift.map((k) => figures({ cpuPerImage: 0.5 * k }));
  const slower = decide(blocksOf(base, drift.map((k) => figures({ cpuPerImage: 0.55 * k * (1 + 0.002 * k) }))), {});
  assert.equal(slower.verdict, 'FAIL');
  assert.equal(slower.decisions.find((x) => x.key === 'cpuPerImage')!.verdict, 'regression');
  assert.ok(slower.reasons.some((r) => r.startsWith('CPU per image')));
  const same = decide(blocksOf(base, drift.map((k) => figures({ cpuPerImage: 0.5 * k }))), {});
  assert.equal(same.verdict, 'PASS');
  assert.equal(same.pairs, 4);
});

test('decide: a machine shared with other jobs makes a timing FAIL or PASS INVALID', () => {
  const base = [figures(), figures(), figures()];
  const head = [figures({ cpuPerImage: 0.6 }), figures({ cpuPerImage: 0.6 }), figures({ cpuPerImage: 0.6 })];
  assert.equal(decide(blocksOf(base, head, undefined, 0.1), {}, AB_METRICS, false, 0.25).verdict, 'FAIL');
  const busy = decide(blocksOf(base, head, undefined, 0.9), {}, AB_METRICS, false, 0.25);
  assert.equal(busy.verdict, 'INVALID');
  assert.match(busy.reasons[0], /machine shared: other processes used up to 0\.90 cores/);
  // A shared run's noise is not the machine's own: it is flagged, and record-gate keeps it out of the prior.
  assert.equal(busy.shared, true);
  assert.equal(decide(blocksOf(base, head, undefined, 0.1), {}, AB_METRICS, false, 0.25).shared, false);
  assert.equal(decide(blocksOf(base, base, undefined, 0.9), {}, AB_METRICS, false, 0.25).verdict, 'INVALID');
});

test('decide: more errors on the head fail; one pair is too few to decide', () => {
  const four = [figures(), figures()];
  assert.equal(decide(blocksOf(four, four, { base: 0, head: 3 }), {}).verdict, 'FAIL');
  const one = decide(blocksOf([figures()], [figures()]), {});
  assert.equal(one.verdict, 'INVALID');
  assert.ok(one.reasons.some((r) => r.includes('too few')));
});

test('calibration tallies false alarms and detections per condition', () => {
  const ok = decide(blocksOf([figures(), figures()], [figures(), figures()]), {});
  const caught = decide(blocksOf([figures(), figures()], [figures({ cpuPerImage: 0.6 }), figures({ cpuPerImage: 0.6 })]), {});
  const row = tally('+10% CPU injected', 10, [ok, caught]);
  assert.deepEqual({ trials: row.trials, cpuCaught: row.cpuCaught, failed: row.failed, passed: row.passed }, { trials: 2, cpuCaught: 1, failed: 1, passed: 1 });
  assert.match(calibrationTable([row]), /\| \+10% CPU injected \| 2 \| 1 \| 1 \| 1 \| 0 \| x1\.\d+ \|/);
});

test('custom rules are honoured (tolerance from the caller)', () => {
  const strict: MetricRule[] = [{ ...cpuRule, tolerance: 0.001 }];
  const r = decide(blocksOf([figures(), figures()], [figures({ cpuPerImage: 0.502 }), figures({ cpuPerImage: 0.5021 })]), {}, strict);
  assert.equal(r.decisions.length, 1);
  assert.equal(r.decisions[0].verdict, 'regression');
});

test('capacity counts each answer by the share of its time inside the window', () => {
  const r = (sentAt: number, doneAt: number, errorKind: string | null = null) => ({ sampleId: 'x', sentAt, doneAt, errorKind });
  // Wholly inside: 1; half inside at each end: 0.5 each; an error: 0; wholly outside: 0.
  assert.equal(answeredIn([r(2, 4), r(0, 2), r(9, 11), r(3, 5, 'http_5xx'), r(11, 12)], 1, 10), 2);
});

test('capacity weights: each image by its light-pass service time over the mean image', () => {
  const rec = (sampleId: string, total: number | undefined, errorKind: string | null = null) => ({ sampleId, errorKind, serverTiming: (total === undefined ? {} : { total }) as Record<string, number> });
  // a: 100 and 300 ms (mean 200), b: 600; the mean image 400; an error and a missing timing do not count.
  const w = capacityWeights([rec('a', 100), rec('a', 300), rec('b', 600), rec('b', 5000, 'http_5xx'), rec('c', undefined)]);
  assert.equal(w('a'), 0.5);
  assert.equal(w('b'), 1.5);
  assert.equal(w('unknown'), 1);
  const r = (sampleId: string, sentAt: number, doneAt: number) => ({ sampleId, sentAt, doneAt, errorKind: null });
  // One heavy page answered wholly inside, one light page half inside: 1.5 + 0.25.
  assert.equal(answeredIn([r('b', 2, 4), r('a', 0, 2)], 1, 10, w), 1.75);
});

