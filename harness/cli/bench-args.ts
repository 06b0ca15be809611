import { parseArgs } from 'node:util';
import type { BodyKind } from '../load/target.ts';
import { parseHeader } from '../bench/redact.ts';
import { hasLoadFlags, LOAD_FLAG_NAMES, type LoadFlags } from '../scenario/scenario-from-flags.ts';

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
  /** --quick never measures a phase for less than this: the gate's 10 s minimum plus a margin. */
  quickMinMeasuredMs: 12_000,
  body: 'multipart' as BodyKind,
};

export interface BenchArgs {
  scenario: string;
  quick: boolean;
  scale: number | null;
  target: string | null;
  field: string;
  textPath: string;
  linesPath: string | null;
  /** --body: how the image is sent to --target. */
  body: BodyKind;
  /** -H 'Name: value', repeatable: sent to --target, never written. */
  headers: Record<string, string>;
  /** --query k=v, repeatable: added to --target's URL. */
  query: Record<string, string>;
  /** --vus/--duration/--think/--ramp/--stages/--rate: the scenario from flags (null: none given). */
  load: LoadFlags | null;
  /** --slo: replaces the scenario's SLO. */
  slo: string | null;
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

export const BENCH_USAGE = `usage: npm run bench -- [--phases NAME | --scenario NAME|PATH | load flags] [options]
  --phases, --scenario NAME  bundled scenario scenarios/NAME.ts (default ${BENCH_DEFAULTS.scenario}), or a scenario
                             file anywhere (.ts, .json, .yaml), checked by the same schema
load from flags, instead of a scenario (k6's names):
  --vus N --duration D       N closed-model users for D (60s, 2m, 1m30s)
  --think D, --ramp D        pause between a user's requests; linear ramp of users at each step start
  --stages U:D,U:D,...       closed steps, e.g. 10:2m,20:3m,40:5m,60:3m
  --rate R --duration D      open model: R arrivals per second (5/s, 300/m), Poisson, for D
  --slo EXPR                 service-level objective judged per phase: 'p95<1200' or 'p99<2s,errors<0.5%'
                             (errors<1% unless given; default of the stepped scenarios: p95<1200,errors<1%)
  --quick                    same shape, durations scaled so the load fits ~${BENCH_DEFAULTS.quickLoadMs / 1000} s (every phase keeps
                             at least ${BENCH_DEFAULTS.quickMinMeasuredMs / 1000} s measured, so a step can still count)
  --scale X                  multiply every duration by X
someone else's service:
  --target URL               measure a running OCR service instead of starting ours
  -H, --header 'Name: value' request header, repeatable (auth); values are written nowhere (Name: ***)
  --query K=V                query parameter added to --target, repeatable
  --body multipart|json      image as a multipart file field (default) or JSON {"FIELD": "<base64>"}
  --field NAME               field of the image (default ${BENCH_DEFAULTS.field})
  --text-path PATH           JSON path to the text in the answer (default ${BENCH_DEFAULTS.textPath})
  --lines-path PATH          JSON path to the lines ('' = split the text; default ${BENCH_DEFAULTS.linesPath})
  --dataset NAME|DIR         a bundled set, or any folder: images (nested, mixed types) with optional sidecar
                             labels NAME.txt (one line per text line), or a manifest.jsonl; no labels: speed only;
                             non-image files are listed and skipped, an image that does not decode stops (exit 2)
other options:
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
        header: { type: 'string', short: 'H', multiple: true },
        query: { type: 'string', multiple: true },
        body: { type: 'string' },
        vus: { type: 'string' },
        duration: { type: 'string' },
        think: { type: 'string' },
        ramp: { type: 'string' },
        stages: { type: 'string' },
        rate: { type: 'string' },
        slo: { type: 'string' },
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
  const headers: Record<string, string> = {};
  for (const h of (values.header as string[] | undefined) ?? []) {
    const p = parseHeader(h);
    if (p.ok) headers[p.name] = p.value;
    else errors.push(p.error);
  }
  const query: Record<string, string> = {};
  for (const q of (values.query as string[] | undefined) ?? []) {
    const eq = q.indexOf('=');
    if (eq <= 0) errors.push(`--query: expected k=v, got "${q}"`);
    else query[q.slice(0, eq)] = q.slice(eq + 1);
  }
  const body = str('body') ?? BENCH_DEFAULTS.body;
  if (body !== 'multipart' && body !== 'json') errors.push(`--body: multipart or json, got "${body}"`);
  if (target === null) {
    for (const k of ['header', 'query', 'body', 'field', 'text-path', 'lines-path']) if (values[k] !== undefined) errors.push(`--${k} applies to --target, not to the embedded server`);
  }
  const load: LoadFlags = Object.fromEntries(LOAD_FLAG_NAMES.filter((k) => str(k) !== undefined).map((k) => [k, str(k)]));
  const fromFlags = hasLoadFlags(load);
  if (fromFlags && (str('phases') || str('scenario'))) errors.push('load flags (--vus, --stages, --rate, ...) replace a scenario: drop --phases/--scenario or the load flags');
  if (fromFlags && values.quick) errors.push('--quick scales a scenario; with load flags give the durations you want');
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
      body: body as BodyKind,
      headers,
      query,
      load: fromFlags ? load : null,
      slo: str('slo') ?? null,
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
