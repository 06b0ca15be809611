import { z } from 'zod';
import type { EffectiveScenario, PhasePlan } from '../results/schema.ts';
import { parseSlo } from '../slo/parse-slo.ts';
import { parseDuration, type Duration } from './duration.ts';

/** Every default in one place. */
export const SCENARIO_DEFAULTS = {
  dataset: 'mixed-500',
  mode: 'page' as const,
  /** The engine's own default: the direction classifier on in line mode only (it measured worse on pages). */
  cls: (mode: 'page' | 'line') => mode === 'line',
  cache: 'off',
  seed: 1,
  thinkTime: 0,
  warmupFraction: 0.1,
  warmupMaxMs: 15_000,
  ramp: 0,
  arrival: 'poisson' as const,
  maxInFlight: 256,
  connections: 64,
  requestTimeout: '60s',
};

const duration = z.union([z.string(), z.number()]);
const think = z.union([duration, z.tuple([duration, duration])]);
const count = z.number().int().positive();
const stageSchema = z.strictObject({
  duration,
  vus: count.optional(),
  rate: z.number().positive().optional(),
  name: z.string().min(1).optional(),
  thinkTime: think.optional(),
  warmup: duration.optional(),
  ramp: duration.optional(),
});
const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  dataset: z.string().min(1).optional(),
  mode: z.enum(['page', 'line']).optional(),
  cls: z.boolean().optional(),
  cache: z.string().regex(/^(off|memory|redis:\/\/.+)$/, 'off, memory or redis://host:port').optional(),
  seed: z.number().int().nonnegative().optional(),
  vus: count.optional(),
  rate: z.number().positive().optional(),
  duration: duration.optional(),
  stages: z.array(stageSchema).min(1).optional(),
  thinkTime: think.optional(),
  warmup: duration.optional(),
  ramp: duration.optional(),
  arrival: z.enum(['constant', 'poisson']).optional(),
  maxInFlight: count.optional(),
  connections: count.optional(),
  samplePool: count.optional(),
  requestTimeout: duration.optional(),
  thresholds: z.record(z.string(), z.array(z.string())).optional(),
  /** Service-level objective judged per phase, e.g. 'p95<1200,errors<1%' (harness/slo/parse-slo.ts). */
  slo: z.string().optional(),
});

export interface NormalizeOptions {
  /** Multiplies every duration (warm-up and ramp too); think times keep their length. */
  scale?: number;
  seed?: number;
  dataset?: string;
  /** --slo: replaces the scenario's SLO. */
  slo?: string;
}

export type NormalizeResult = { ok: true; scenario: EffectiveScenario } | { ok: false; errors: string[] };

/**
 * Expands the short forms once into the long form the runner executes, and reports every problem at
 * once (unknown keys, bad durations, mixed models), each with its path, as k6 does.
 */
export function normalizeScenario(input: unknown, options: NormalizeOptions = {}): NormalizeResult {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  const s = parsed.data;
  const errors: string[] = [];
  const scale = options.scale ?? 1;
  const ms = (value: Duration, path: string, scaled = true): number => {
    const r = parseDuration(value);
    if ('error' in r) {
      errors.push(`${path}: ${r.error}`);
      return Number.NaN;
    }
    return scaled ? Math.round(r.ms * scale) : r.ms;
  };
  const thinkMs = (value: Duration | [Duration, Duration], path: string) => {
    const [a, b] = Array.isArray(value) ? value : [value, value];
    const min = ms(a, `${path}`, false);
    const max = ms(b, `${path}`, false);
    if (max < min) errors.push(`${path}: upper bound ${max}ms is below lower bound ${min}ms`);
    return { min, max };
  };

  let stages = s.stages;
  if (stages && (s.vus !== undefined || s.rate !== undefined || s.duration !== undefined)) {
    errors.push('(root): give either stages or top-level vus/rate with duration, not both');
  }
  if (!stages) {
    if (s.duration === undefined) errors.push('duration: required when there are no stages');
    if ((s.vus === undefined) === (s.rate === undefined)) errors.push('(root): give exactly one of vus (closed model) or rate (open model)');
    // The synthesized stage would only repeat these errors.
    if (errors.length) return { ok: false, errors };
    stages = [{ duration: s.duration ?? 0, vus: s.vus, rate: s.rate }];
  }
  const closed = stages.filter((st) => st.vus !== undefined).length;
  const open = stages.filter((st) => st.rate !== undefined).length;
  stages.forEach((st, i) => {
    if ((st.vus === undefined) === (st.rate === undefined)) errors.push(`stages.${i}: give exactly one of vus or rate`);
    if (st.rate !== undefined && (st.ramp !== undefined || st.thinkTime !== undefined)) {
      errors.push(`stages.${i}: ramp and thinkTime apply to the closed model (vus) only`);
    }
  });
  if (closed && open) errors.push('stages: mix vus and rate stages in separate scenarios (one model per run)');
  const model = open > closed ? 'open' : 'closed';
  if (model === 'closed' && (s.arrival || s.maxInFlight || s.connections)) {
    errors.push('(root): arrival, maxInFlight and connections apply to the open model (rate) only');
  }

  const phases: PhasePlan[] = stages.map((st, i) => {
    const durationMs = ms(st.duration, `stages.${i}.duration`);
    if (durationMs === 0) errors.push(`stages.${i}.duration: must be positive`);
    const warmupInput = st.warmup ?? s.warmup;
    const warmupMs =
      warmupInput === undefined
        ? Math.round(Math.min(durationMs * SCENARIO_DEFAULTS.warmupFraction, SCENARIO_DEFAULTS.warmupMaxMs * scale))
        : ms(warmupInput, `stages.${i}.warmup`);
    if (warmupMs >= durationMs && durationMs > 0) errors.push(`stages.${i}.warmup: must be shorter than the stage`);
    const isClosed = st.vus !== undefined;
    const rampMs = isClosed ? ms(st.ramp ?? s.ramp ?? SCENARIO_DEFAULTS.ramp, `stages.${i}.ramp`) : 0;
    if (rampMs > durationMs) errors.push(`stages.${i}.ramp: longer than the stage`);
    return {
      name: st.name ?? (isClosed ? `${st.vus} users` : `${st.rate}/s`),
      model: isClosed ? 'closed' : 'open',
      durationMs,
      warmupMs,
      vus: st.vus ?? null,
      rampMs,
      thinkMs: isClosed ? thinkMs(st.thinkTime ?? s.thinkTime ?? SCENARIO_DEFAULTS.thinkTime, `stages.${i}.thinkTime`) : null,
      rate: st.rate ?? null,
      arrival: isClosed ? null : (s.arrival ?? SCENARIO_DEFAULTS.arrival),
      maxInFlight: isClosed ? null : (s.maxInFlight ?? SCENARIO_DEFAULTS.maxInFlight),
      connections: isClosed ? null : (s.connections ?? SCENARIO_DEFAULTS.connections),
    };
  });
  const names = phases.map((p) => p.name);
  names.forEach((n, i) => names.indexOf(n) !== i && errors.push(`stages.${i}.name: "${n}" repeats; name the stages`));
  const requestTimeoutMs = ms(s.requestTimeout ?? SCENARIO_DEFAULTS.requestTimeout, 'requestTimeout', false);
  const sloText = options.slo ?? s.slo;
  const slo = sloText === undefined ? null : parseSlo(sloText);
  if (slo && !slo.ok) errors.push(`slo: ${slo.error}`);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    scenario: {
      name: s.name,
      description: s.description ?? '',
      dataset: options.dataset ?? s.dataset ?? SCENARIO_DEFAULTS.dataset,
      mode: s.mode ?? SCENARIO_DEFAULTS.mode,
      cls: s.cls ?? SCENARIO_DEFAULTS.cls(s.mode ?? SCENARIO_DEFAULTS.mode),
      cache: s.cache ?? SCENARIO_DEFAULTS.cache,
      seed: options.seed ?? s.seed ?? SCENARIO_DEFAULTS.seed,
      scale,
      samplePool: s.samplePool ?? null,
      requestTimeoutMs,
      thresholds: s.thresholds ?? {},
      phases,
      slo: slo?.ok ? slo.slo.source : null,
      // Only what the scenario sets is sent: the rest is the server's default, embedded or --target alike.
      request: { ...(s.mode !== undefined ? { mode: s.mode } : {}), ...(s.cls !== undefined ? { cls: s.cls } : {}) },
    },
  };
}

/** Total planned load time of a scenario. */
export function totalDurationMs(phases: { durationMs: number }[]): number {
  return phases.reduce((sum, p) => sum + p.durationMs, 0);
}

/**
 * Scale that fits a scenario's load into `budgetMs` (never stretches it), but keeps every phase's
 * measured window (after its warm-up) at least `minMeasuredMs`: a phase under the gate's minimum
 * makes the whole run INVALID, so a budget that would squeeze one is overrun instead.
 */
export function quickScale(input: unknown, budgetMs: number, minMeasuredMs = 0): number {
  const r = normalizeScenario(input);
  if (!r.ok) return 1;
  const shortest = Math.min(...r.scenario.phases.map((p) => p.durationMs - p.warmupMs));
  return Math.min(1, Math.max(budgetMs / totalDurationMs(r.scenario.phases), minMeasuredMs / shortest));
}
