import { createRandom, subSeed } from '../plan/random.ts';
import { issueRequest, sleep, type LoadContext, type TimedPhase } from './load-context.ts';

/**
 * Users wanted at time t: each phase holds its `vus`, after an optional linear ramp from the previous
 * phase's count at its start. Pure; exported for tests.
 */
export function targetVus(phases: TimedPhase[], t: number): number {
  const i = phases.findIndex((p) => t >= p.startMs && t < p.endMs);
  if (i < 0) return 0;
  const p = phases[i];
  const want = p.vus ?? 0;
  const prev = i > 0 ? (phases[i - 1].vus ?? 0) : 0;
  const into = t - p.startMs;
  if (p.rampMs > 0 && into < p.rampMs) return Math.round(prev + ((want - prev) * into) / p.rampMs);
  return want;
}

/**
 * Closed model: each virtual user sends, waits for the answer, thinks, and repeats, like the seed's
 * Locust users. A user above the current target idles; a retired user finishes its request first,
 * which then belongs to the phase it was sent in. Think times come from a per-user seeded stream.
 */
export async function runClosedLoad(phases: TimedPhase[], ctx: LoadContext, thinkSeed: number): Promise<void> {
  const end = phases.at(-1)?.endMs ?? 0;
  const maxVus = Math.max(0, ...phases.map((p) => p.vus ?? 0));
  const phaseAt = (t: number) => phases.find((p) => t >= p.startMs && t < p.endMs) ?? phases[phases.length - 1];

  async function user(k: number) {
    const random = createRandom(subSeed(thinkSeed, k));
    while (!ctx.stop.aborted) {
      const t = ctx.now();
      if (t >= end) return;
      if (k >= targetVus(phases, t)) {
        // Idle users look again often enough to join a step or a ramp within ~20 ms.
        await sleep(Math.min(20, end - t), ctx.stop);
        continue;
      }
      const phase = phaseAt(t);
      await issueRequest(ctx, phase, ctx.nextSample(), t, false);
      const { min, max } = phase.thinkMs ?? { min: 0, max: 0 };
      const think = min + random.float() * (max - min);
      if (think > 0) await sleep(think, ctx.stop);
    }
  }
  await Promise.all(Array.from({ length: maxVus }, (_, k) => user(k)));
}
