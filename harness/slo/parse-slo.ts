/**
 * `--slo 'p95<1200'` or `'p99<2000,errors<0.5%'`: a latency percentile bound in ms and an error-rate
 * bound. Without an error term the seed's 1% holds: an SLO on the latency of answered requests alone
 * would pass a service that fails half of them.
 */
export interface Slo {
  source: string;
  percentile: number;
  latencyMs: number;
  errorRate: number;
}

export const DEFAULT_SLO_ERRORS = 0.01;
/** The seed's service-level objective, the default of the stepped scenarios. */
export const SEED_SLO = 'p95<1200,errors<1%';

export function parseSlo(text: string): { ok: true; slo: Slo } | { ok: false; error: string } {
  let percentile: number | undefined;
  let latencyMs: number | undefined;
  let errorRate = DEFAULT_SLO_ERRORS;
  for (const term of text.split(',').map((t) => t.trim()).filter(Boolean)) {
    const lat = /^p\(?(\d+(?:\.\d+)?)\)?\s*<\s*(\d+(?:\.\d+)?)\s*(ms|s)?$/.exec(term);
    const err = /^(?:errors|error_rate)\s*<\s*(\d+(?:\.\d+)?)\s*(%?)$/.exec(term);
    if (lat) {
      percentile = Number(lat[1]);
      latencyMs = Number(lat[2]) * (lat[3] === 's' ? 1000 : 1);
      if (!(percentile > 0 && percentile < 100)) return { ok: false, error: `--slo: percentile ${lat[1]} must be between 0 and 100` };
    } else if (err) {
      errorRate = Number(err[1]) / (err[2] ? 100 : 1);
      if (!(errorRate > 0 && errorRate <= 1)) return { ok: false, error: `--slo: error bound "${term}" must be above 0 and at most 100%` };
    } else return { ok: false, error: `--slo: "${term}" is not like p95<1200 or errors<1%` };
  }
  if (percentile === undefined || latencyMs === undefined) return { ok: false, error: `--slo "${text}": needs a latency bound like p95<1200 (ms)` };
  return { ok: true, slo: { source: `p${percentile}<${latencyMs},errors<${+(errorRate * 100).toPrecision(3)}%`, percentile, latencyMs, errorRate } };
}
