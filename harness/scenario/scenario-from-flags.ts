import type { ScenarioInput } from './scenario-input.ts';

/** The load flags of `npm run bench` (k6's --vus/--duration/--stages, wrk2's -R as --rate). */
export interface LoadFlags {
  vus?: string;
  duration?: string;
  think?: string;
  ramp?: string;
  stages?: string;
  rate?: string;
}

export const LOAD_FLAG_NAMES = ['vus', 'duration', 'think', 'ramp', 'stages', 'rate'] as const;

/** Whether any load flag was given (then the flags are the scenario). */
export function hasLoadFlags(f: LoadFlags): boolean {
  return LOAD_FLAG_NAMES.some((k) => f[k] !== undefined);
}

/** `5/s`, `300/m` or a bare number (per second) as arrivals per second. */
export function parseRate(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]) / (m[2] === 'm' ? 60 : 1);
  return n > 0 ? n : null;
}

/**
 * A scenario from the command line, in the scenario file's own form so the one schema checks it:
 * `--vus N --duration D [--think D] [--ramp D]` (closed, one step), `--stages U:D,U:D,...` (closed
 * steps), `--rate R --duration D` (open model, Poisson arrivals as scenarios/arrival-rate.ts).
 * Durations stay strings here: normalizeScenario reports a bad one with its flag's path.
 */
export function scenarioFromFlags(f: LoadFlags): { ok: true; scenario: ScenarioInput } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const given = LOAD_FLAG_NAMES.filter((k) => f[k] !== undefined);
  const shapes = [f.vus !== undefined, f.stages !== undefined, f.rate !== undefined].filter(Boolean).length;
  if (shapes !== 1) errors.push(`give one of --vus N, --stages U:D,... or --rate R/s (got ${given.map((k) => `--${k}`).join(' ')})`);
  if (f.stages !== undefined && f.duration !== undefined) errors.push('--stages carries its own durations; drop --duration');
  if (f.stages === undefined && shapes === 1 && f.duration === undefined) errors.push(`--${f.vus !== undefined ? 'vus' : 'rate'} needs --duration (e.g. --duration 60s)`);
  if (f.rate !== undefined && (f.think !== undefined || f.ramp !== undefined)) errors.push('--think and --ramp apply to users (--vus, --stages), not to --rate');
  const base: ScenarioInput = { name: 'adhoc', description: `from flags: ${given.map((k) => `--${k} ${f[k]}`).join(' ')}`, seed: 1 };
  if (f.think !== undefined) base.thinkTime = f.think;
  if (f.ramp !== undefined) base.ramp = f.ramp;
  if (f.vus !== undefined) {
    const n = Number(f.vus);
    if (!(Number.isInteger(n) && n > 0)) errors.push(`--vus: a positive whole number of users, got "${f.vus}"`);
    Object.assign(base, { vus: n, duration: f.duration });
  } else if (f.rate !== undefined) {
    const r = parseRate(f.rate);
    if (r === null) errors.push(`--rate: arrivals like 5/s, 300/m or 5, got "${f.rate}"`);
    Object.assign(base, { rate: r ?? 0, duration: f.duration, arrival: 'poisson' });
  } else if (f.stages !== undefined) {
    const stages = f.stages.split(',').map((part) => {
      const m = /^\s*(\d+)\s*:\s*(\S+)\s*$/.exec(part);
      if (!m || Number(m[1]) <= 0) errors.push(`--stages: "${part}" is not users:duration like 10:2m`);
      return { vus: Number(m?.[1] ?? 1), duration: m?.[2] ?? '1s' };
    });
    base.stages = stages;
  }
  return errors.length ? { ok: false, errors } : { ok: true, scenario: base };
}

/** A scenario error's path in the words of the flags it came from ("stages.0.duration" -> "--duration"). */
export function inFlagTerms(error: string, f: LoadFlags): string {
  return error
    .replace(/^stages\.(\d+)\.duration:/, (_, i) => (f.stages !== undefined ? `--stages step ${Number(i) + 1}:` : '--duration:'))
    .replace(/^(?:stages\.\d+\.)?thinkTime:/, '--think:')
    .replace(/^(?:stages\.\d+\.)?ramp:/, '--ramp:')
    .replace(/^slo: /, '');
}
