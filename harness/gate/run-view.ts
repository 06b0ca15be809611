/**
 * What the gate needs from a run, in one flat shape. `view-from-results.ts` builds it from results.json;
 * keeping the gate on this shape keeps threshold evaluation and baseline comparison testable with plain
 * objects, and keeps them alive if results.json grows.
 */
export interface PhaseView {
  name: string;
  /** Other names a `phase:NAME` scope matches: the user count (closed model) or the rate (open model). */
  aliases: string[];
  /** Measured window (after warm-up), seconds. */
  durationS: number;
  /** Requests finished in the measured window, failed ones included. */
  requests: number;
  errors: number;
  errorsByKind: Record<string, number>;
  /** Answered (ok) throughput, requests per second, as the harness's peak QPS counts it. */
  qps: number;
  /** Ascending per-request latency samples (ms) of the measured window, when the run kept them. */
  latencySamples?: Float64Array;
  /** Which latency the samples and stats are: corrected (from the scheduled time) wins when present. */
  latencyKind: 'corrected' | 'service';
  /** The harness's own latency figures, used when there are no samples. null = insufficient samples. */
  latencyStats: { mean?: number; min?: number; max?: number; percentiles: Record<string, number | null | undefined> };
  /** Per-request accuracy counts, when kept; summed for pooled CER. */
  accuracy?: { cer?: number; f1?: number; edits?: number; refChars?: number; scored?: number };
  /** Answered requests in each 1 s bucket of the measured window, for a bootstrap of the throughput. */
  qpsSamples?: number[];
  /** Server CPU (% of one core) of each resource sample in the measured window. */
  cpuSamples?: number[];
  cpuMeanPct?: number;
  rssPeakMb?: number;
  /** Closed model: users and think time, for advice on what throughput is possible at all. */
  users?: number;
  thinkS?: number;
}

export interface RunView {
  phases: PhaseView[];
  /** Reasons the run cannot be trusted, found while reading results (harness bottleneck, crash, abort). */
  invalidReasons: string[];
  /** Minimum measured seconds a phase needs to count. */
  minPhaseSeconds?: number;
}
