import hdr from 'hdr-histogram-js';
import { MIN_SAMPLES, type LatencyStats } from '../results/schema.ts';

const PERCENTILES = [
  ['p50', 50],
  ['p90', 90],
  ['p95', 95],
  ['p99', 99],
  ['p999', 99.9],
] as const;

/**
 * Latency figures from exact samples (ms): min, mean and max exactly, percentiles from an HDR
 * histogram at 1 µs resolution with 3 significant digits (error <= 0.1%). A percentile backed by
 * fewer samples than MIN_SAMPLES is null and listed as insufficient.
 */
export function summarizeLatency(valuesMs: readonly number[]): LatencyStats {
  const count = valuesMs.length;
  const insufficient: LatencyStats['insufficient'] = [];
  const out: LatencyStats = { count, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, p999: null, max: null, insufficient };
  if (count === 0) {
    insufficient.push(...PERCENTILES.map(([k]) => k));
    return out;
  }
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of valuesMs) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    h.recordValue(Math.max(1, Math.round(v * 1000)));
  }
  out.min = round(min);
  out.max = round(max);
  out.mean = round(sum / count);
  for (const [key, p] of PERCENTILES) {
    const need = (MIN_SAMPLES as Record<string, number>)[key] ?? 1;
    if (count < need) insufficient.push(key);
    else out[key] = round(h.getValueAtPercentile(p) / 1000);
  }
  h.destroy();
  return out;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
