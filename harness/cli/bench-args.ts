import { parseArgs } from 'node:util';

/** Every default of the bench command in one place. */
export const BENCH_DEFAULTS = {
  scenario: 'stepped',
  /**
   * --quick fits the load phases into this much time, keeping their shape. The whole run stays under
   * 2 min: plus cold start (~4 s), the baseline pass, and draining answers that can take up to the
   * server's 30 s deadline once 60 users saturate it.
   */
  quickLoadMs: 60_000,
  baselineSamples: 20,
  quickBaselineSamples: 8,
  field: 'image',
  textPath: 'text',
  linesPath: 'lines[].text',
  reportsDir: 'reports',
};

export interface BenchArgs {
  scenario: string;
  quick: boolean;
  scale: number | null;
  target: string | null;
  field: string;
  textPath: string;
  linesPath: string | null;
  dataset: string | null;
  seed: number | null;
  out: string | null;
  serverArgs: string[];
  /** Nice value of the embedded server (default DEFAULT_SERVER_NICE; 0 turns it off). */
  serverNice: number | null;
  baselineSamples: number;
  /** A previous run (folder or results.json) to compare with; regressions fail the gate. */
  compareWith: string | null;
  /** Thresholds from the command line, added to the scenario's. */
  thresholds: string[];
  tolerances: string[];
  /** The self-check's event-loop delay limit in ms (null: its default). */
  loopDelayLimit: number | null;
  /** `--export-k6 <scenario>`: write an equivalent k6 script instead of running. */
  exportK6: string | null;
  /** `--metrics URL`, repeatable (one per replica): Prometheus endpoints to scrape for server resources. */
  metrics: string[];
  help: boolean;
}

export const BENCH_USAGE = `usage: npm run bench -- [--phases NAME | --scenario NAME] [options]
  --phases, --scenario NAME  scenario file scenarios/NAME.ts (default ${BENCH_DEFAULTS.scenario})
  --quick                    same shape, durations scaled so the load fits ${BENCH_DEFAULTS.quickLoadMs / 1000} s
  --scale X                  multiply every duration by X
  --target URL               measure a running OCR service instead of starting ours
  --field NAME               multipart field of the image (default ${BENCH_DEFAULTS.field})
  --text-path PATH           JSON path to the text in the answer (default ${BENCH_DEFAULTS.textPath})
  --lines-path PATH          JSON path to the lines ('' = split the text; default ${BENCH_DEFAULTS.linesPath})
  --dataset NAME             override the scenario's dataset
  --seed N                   override the scenario's seed
  --out DIR                  run folder (default reports/<run-id>)
  --server-arg ARG           extra flag for the embedded server, repeatable; write it with = (--server-arg=--workers=2)
  --precision int8|fp32      models of the embedded server (default: the engine's); the report's server config says which ran
  --server-nice N            nice value of the embedded server so the harness is never starved (default 10, 0 off)
  --accuracy-samples N       samples in the single-user accuracy pass (0 skips; default ${BENCH_DEFAULTS.baselineSamples}, ${BENCH_DEFAULTS.quickBaselineSamples} with --quick)
  --threshold EXPR           gate threshold, k6 style, repeatable: 'p(95)<1200', 'phase:40 error_rate<0.01', 'f1>0.95'
  --baseline RUN             compare with a previous run (folder or results.json); noise-aware regressions fail
  --tolerance KEY=VALUE      baseline tolerance, repeatable (latency, qps, cpu, rss ratios; error_rate, accuracy)
  --metrics URL              a server's Prometheus /metrics, repeatable (one per replica); default: the target's /metrics if it answers
  --loop-delay-limit MS      the self-check's harness event-loop delay limit (default 50 ms, or 10% of the median latency)
  --export-k6 NAME           write an equivalent k6 script for scenario NAME to --out FILE (or stdout) and exit`;

/** Parses the command line; returns every problem at once. */
export function parseBenchArgs(argv: string[]): { ok: true; args: BenchArgs } | { ok: false; errors: string[] } {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        phases: { type: 'string' },
        scenario: { type: 'string' },
        quick: { type: 'boolean' },
        scale: { type: 'string' },
        target: { type: 'string' },
        field: { type: 'string' },
        'text-path': { type: 'string' },
        'lines-path': { type: 'string' },
        dataset: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        'server-arg': { type: 'string', multiple: true },
        'server-nice': { type: 'string' },
        precision: { type: 'string' },
        'accuracy-samples': { type: 'string' },
        baseline: { type: 'string' },
        threshold: { type: 'string', multiple: true },
        tolerance: { type: 'string', multiple: true },
        'export-k6': { type: 'string' },
        metrics: { type: 'string', multiple: true },
        'loop-delay-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { ok: false, errors: [(err as Error).message] };
  }
  const errors: string[] = [];
  const str = (k: string) => values[k] as string | undefined;
  if (str('phases') && str('scenario') && str('phases') !== str('scenario')) errors.push('--phases and --scenario name different scenarios');
  const num = (k: string, check: (n: number) => boolean, what: string) => {
    const raw = str(k);
    if (raw === undefined) return null;
    const n = Number(raw);
    if (!check(n)) errors.push(`--${k}: ${what}, got "${raw}"`);
    return n;
  };
  const scale = num('scale', (n) => n > 0 && Number.isFinite(n), 'a positive number');
  const seed = num('seed', (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');
  const serverNice = num('server-nice', (n) => Number.isInteger(n) && n >= 0 && n <= 19, 'an integer from 0 to 19');
  const baseline = num('accuracy-samples', (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');
  const loopDelayLimit = num('loop-delay-limit', (n) => n > 0 && Number.isFinite(n), 'a positive number of ms');
  const target = str('target') ?? null;
  if (target !== null) {
    try {
      const u = new URL(target);
      if (!/^https?:$/.test(u.protocol)) errors.push(`--target: http or https URL, got "${target}"`);
    } catch {
      errors.push(`--target: not a URL: "${target}"`);
    }
  }
  const metrics = (values.metrics as string[] | undefined) ?? [];
  for (const m of metrics) {
    try {
      if (!/^https?:$/.test(new URL(m).protocol)) errors.push(`--metrics: http or https URL, got "${m}"`);
    } catch {
      errors.push(`--metrics: not a URL: "${m}"`);
    }
  }
  if (scale !== null && values.quick) errors.push('--quick and --scale both set the durations; give one');
  if (target !== null && values['server-arg']) errors.push('--server-arg applies to the embedded server, not --target');
  const precision = str('precision');
  if (precision !== undefined && precision !== 'int8' && precision !== 'fp32') errors.push(`--precision: int8 or fp32, got "${precision}"`);
  if (target !== null && precision !== undefined) errors.push('--precision applies to the embedded server, not --target');
  if (errors.length) return { ok: false, errors };
  const quick = Boolean(values.quick);
  const linesPath = str('lines-path');
  return {
    ok: true,
    args: {
      scenario: str('phases') ?? str('scenario') ?? BENCH_DEFAULTS.scenario,
      quick,
      scale,
      target,
      field: str('field') ?? BENCH_DEFAULTS.field,
      textPath: str('text-path') ?? BENCH_DEFAULTS.textPath,
      linesPath: linesPath === undefined ? BENCH_DEFAULTS.linesPath : linesPath || null,
      dataset: str('dataset') ?? null,
      seed,
      out: str('out') ?? null,
      serverArgs: [...((values['server-arg'] as string[] | undefined) ?? []), ...(precision ? [`--precision=${precision}`] : [])],
      serverNice,
      baselineSamples: baseline ?? (quick ? BENCH_DEFAULTS.quickBaselineSamples : BENCH_DEFAULTS.baselineSamples),
      compareWith: str('baseline') ?? null,
      thresholds: (values.threshold as string[] | undefined) ?? [],
      tolerances: (values.tolerance as string[] | undefined) ?? [],
      exportK6: str('export-k6') ?? null,
      metrics,
      loopDelayLimit,
      help: Boolean(values.help),
    },
  };
}
