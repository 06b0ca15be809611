import { createRandom } from './random.ts';

export interface ArrivalPhase {
  durationMs: number;
  /** Arrivals per second. */
  rate: number;
  arrival: 'constant' | 'poisson';
}

/**
 * Send times (ms from the phase start, rounded to 1 µs) of an open-model phase, planned before the
 * run as MLPerf LoadGen does. Constant: one every 1000/rate ms from 0. Poisson: exponential
 * inter-arrival times -ln(1-U)/rate (inverse transform), so counts per window are Poisson-distributed.
 */
export function planArrivals(phase: ArrivalPhase, seed: number): number[] {
  const { durationMs, rate, arrival } = phase;
  const out: number[] = [];
  if (!(rate > 0) || !(durationMs > 0)) return out;
  const gap = 1000 / rate;
  if (arrival === 'constant') {
    for (let i = 0; i * gap < durationMs; i++) out.push(round(i * gap));
    return out;
  }
  const random = createRandom(seed);
  for (let t = -Math.log(1 - random.float()) * gap; t < durationMs; t += -Math.log(1 - random.float()) * gap) out.push(round(t));
  return out;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
