/**
 * The arithmetic of the A/B gate (harness/gate/ab-gate.ts): each block runs a fresh base and head server
 * side by side and gives one pair of figures, and per metric a paired t interval over the pairs' effects
 * (log ratio head/base, or the difference for accuracy). A pair shares the machine's state of the moment
 * (another job, a warm page cache), so the pair's effect cancels most of the drift that separates two runs
 * minutes apart. Pure and deterministic.
 */

/** One block's figures, as the block runner measured them. */
export interface BlockFigures {
  /** Server process tree CPU seconds over the light pass, divided by images answered. */
  cpuPerImage: number;
  /**
   * Mean Server-Timing total over the light pass, ms. The mean, not the p50: every block reads the same
   * images, so the mean moves with every image's time, where the p50 of a dozen is one image's (the one in
   * the middle) and jumps when two images swap places (docs/guides/ci-gate.md, "Metrics").
   */
  serviceMean: number;
  /** Peak resident set of the server's process tree, bytes. */
  peakRss: number;
  /** Mean page F1 of the light pass's page answers (null when none were pages). */
  pageF1: number | null;
  /** CER of the light pass's line answers (null when none were lines). */
  lineCer: number | null;
  /** Answered images/s under saturating closed load. */
  capacity: number;
}

export type MetricKey = keyof BlockFigures;

export interface MetricRule {
  key: MetricKey;
  label: string;
  /** ratio: head/base compared with 1 ± tolerance; difference: head − base compared with ± tolerance. */
  kind: 'ratio' | 'difference';
  /** Which way is a regression. */
  worse: 'higher' | 'lower';
  tolerance: number;
}

/** The gate's metrics and default tolerances (docs/guides/ci-gate.md says why these). */
export const AB_METRICS: readonly MetricRule[] = [
  { key: 'cpuPerImage', label: 'CPU per image', kind: 'ratio', worse: 'higher', tolerance: 0.03 },
  { key: 'serviceMean', label: 'service time (mean)', kind: 'ratio', worse: 'higher', tolerance: 0.05 },
  { key: 'peakRss', label: 'peak RSS', kind: 'ratio', worse: 'higher', tolerance: 0.1 },
  { key: 'pageF1', label: 'page F1', kind: 'difference', worse: 'lower', tolerance: 0.005 },
  { key: 'lineCer', label: 'line CER', kind: 'difference', worse: 'higher', tolerance: 0.005 },
  { key: 'capacity', label: 'capacity (images/s)', kind: 'ratio', worse: 'lower', tolerance: 0.1 },
];

export type Side = 'base' | 'head';

/** Results two by two (each gate block gives its base's and its head's) → the pairs that have both sides. */
export function pairBlocks<T>(blocks: readonly { side: Side; figures: T }[]): { base: T; head: T }[] {
  const out: { base: T; head: T }[] = [];
  for (let i = 0; i + 1 < blocks.length; i += 2) {
    const [a, b] = [blocks[i], blocks[i + 1]];
    if (a.side === b.side) continue;
    out.push(a.side === 'base' ? { base: a.figures, head: b.figures } : { base: b.figures, head: a.figures });
  }
  return out;
}

/** One pair's effect on a metric: log(head/base) for ratios, head − base for differences; null if unmeasured. */
export function pairEffect(rule: MetricRule, base: number | null, head: number | null): number | null {
  if (base === null || head === null || !Number.isFinite(base) || !Number.isFinite(head)) return null;
  if (rule.kind === 'difference') return head - base;
  return base > 0 && head > 0 ? Math.log(head / base) : null;
}

/** Two-sided 90% Student t quantiles (one-sided 95%) by degrees of freedom; the normal's 1.645 beyond 30. */
const T95 = [NaN, 6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.74, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697];
export function tQuantile95(df: number): number {
  if (df < 1) return NaN;
  return df < T95.length ? T95[Math.floor(df)] : 1.645;
}

/** Noise of a metric from earlier A/A gate runs on this machine: the SD of one pair's effect and its df. */
export interface NoisePrior {
  sd: number;
  df: number;
  runs: number;
}

export interface EffectInterval {
  /** Mean effect and its 90% interval, on the effect scale (log ratio or difference). */
  mean: number;
  lo: number;
  hi: number;
  sd: number;
  df: number;
  pairs: number;
  /** The noise came partly from history (pooled with this run's). */
  pooled: boolean;
}

/**
 * Paired t interval of the mean effect. With a noise prior (A/A runs of the gate on the same machine
 * fingerprint), the pair SD is the pooled one, weighted by degrees of freedom: a quiet history narrows a
 * run that happened to have few pairs, a noisy one widens a run that happened to look calm.
 */
export function effectInterval(effects: readonly number[], prior: NoisePrior | null = null): EffectInterval | null {
  const n = effects.length;
  if (n === 0) return null;
  const mean = effects.reduce((s, x) => s + x, 0) / n;
  const dfRun = n - 1;
  const varRun = dfRun > 0 ? effects.reduce((s, x) => s + (x - mean) ** 2, 0) / dfRun : 0;
  const pooled = prior !== null && prior.df > 0;
  const df = pooled ? dfRun + prior.df : dfRun;
  if (df < 1) return { mean, lo: -Infinity, hi: Infinity, sd: NaN, df, pairs: n, pooled };
  const variance = pooled ? (dfRun * varRun + prior.df * prior.sd ** 2) / df : varRun;
  const sd = Math.sqrt(variance);
  const half = (tQuantile95(df) * sd) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, sd, df, pairs: n, pooled };
}

export type MetricVerdict = 'pass' | 'regression' | 'noisy' | 'unmeasured';

export interface MetricDecision {
  key: MetricKey;
  label: string;
  kind: MetricRule['kind'];
  tolerance: number;
  /** head/base (ratio) or head − base (difference), and the interval on the same scale. */
  value: number | null;
  lo: number | null;
  hi: number | null;
  verdict: MetricVerdict;
  interval: EffectInterval | null;
  /** One line for the console and the report. */
  text: string;
}

/**
 * A regression is an interval wholly past the tolerance on the worse side; too noisy is an interval wider
 * than the tolerance that is not a regression (it cannot tell a pass from a regression); else a pass.
 */
export function decideMetric(rule: MetricRule, iv: EffectInterval | null): MetricDecision {
  const base = { key: rule.key, label: rule.label, kind: rule.kind, tolerance: rule.tolerance, interval: iv };
  if (!iv) return { ...base, value: null, lo: null, hi: null, verdict: 'unmeasured', text: `${rule.label}: not measured` };
  const toScale = (x: number) => (rule.kind === 'ratio' ? Math.exp(x) : x);
  const [value, lo, hi] = [toScale(iv.mean), toScale(iv.lo), toScale(iv.hi)];
  const limit = rule.kind === 'ratio' ? (rule.worse === 'higher' ? 1 + rule.tolerance : 1 - rule.tolerance) : rule.worse === 'higher' ? rule.tolerance : -rule.tolerance;
  const regression = rule.worse === 'higher' ? lo > limit : hi < limit;
  const verdict: MetricVerdict = regression ? 'regression' : hi - lo > rule.tolerance ? 'noisy' : 'pass';
  const fmt = (x: number) => (rule.kind === 'ratio' ? x.toFixed(3) : (x >= 0 ? '+' : '') + x.toFixed(4));
  const what = rule.kind === 'ratio' ? 'head/base' : 'head-base';
  const tol = rule.kind === 'ratio' ? `${rule.worse === 'higher' ? '+' : '-'}${(rule.tolerance * 100).toFixed(0)}%` : `${rule.worse === 'higher' ? '+' : '-'}${rule.tolerance}`;
  const word = verdict === 'regression' ? 'REGRESSION' : verdict === 'noisy' ? 'too noisy' : 'ok';
  return { ...base, value, lo, hi, verdict, text: `${rule.label}: ${what} ${fmt(value)} [${fmt(lo)}, ${fmt(hi)}] (tolerance ${tol}, ${iv.pairs} pairs${iv.pooled ? ', noise pooled with history' : ''}): ${word}` };
}

export type GateVerdict = 'PASS' | 'FAIL' | 'INVALID';

/** Any regression fails; otherwise any metric too noisy to decide makes the run INVALID; else PASS. */
export function overallVerdict(decisions: readonly MetricDecision[]): GateVerdict {
  if (decisions.some((d) => d.verdict === 'regression')) return 'FAIL';
  if (decisions.some((d) => d.verdict === 'noisy')) return 'INVALID';
  return 'PASS';
}

/** Every metric's decision from the blocks, with the per-metric noise priors from history. */
export function decideAll(pairs: readonly { base: BlockFigures; head: BlockFigures }[], rules: readonly MetricRule[] = AB_METRICS, priors: Partial<Record<MetricKey, NoisePrior>> = {}): MetricDecision[] {
  return rules.map((rule) => {
    const effects = pairs.map((p) => pairEffect(rule, p.base[rule.key], p.head[rule.key])).filter((e): e is number => e !== null);
    return decideMetric(rule, effectInterval(effects, priors[rule.key] ?? null));
  });
}
