/**
 * `npm run report -- <run-folder>`: re-renders a run's report and gates it.
 * `npm run report -- --from-k6 <summary.json>`: renders a k6 end-of-test summary into the same report.
 * Exits with the gate's code; bad flags are one line on stderr and exit 2 (docs/guides/cli.md).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkGate } from '../gate/check-gate.ts';
import type { Tolerances } from '../gate/baseline-diff.ts';
import { EXIT } from '../../server/exit-codes.ts';
import { parseThresholds } from '../gate/threshold-parse.ts';
import { fromK6Summary } from './from-k6.ts';
import { loadLabels, loadRun, RunLoadError, type LoadedRun } from './load-run.ts';
import { renderReport } from './render.ts';
import { writeReport } from './write-report.ts';
import { readFile } from 'node:fs/promises';
import { helpEpilogue, runCli } from '../../server/cli/convention.ts';

const USAGE = `usage: npm run report -- <run-folder | results.json> [options]
       npm run report -- --from-k6 <k6 summary.json> [--out DIR] [--threshold EXPR]...
options:
  --baseline <run-folder | results.json>  compare with a previous run (noise-aware regressions fail the gate)
  --threshold EXPR                        extra threshold, e.g. 'p(95)<1200' or 'phase:40 error_rate<0.01' (repeatable)
  --tolerance KEY=VALUE                   baseline tolerance (repeatable): latency, qps, cpu, rss (ratios, default
                                          0.15/0.15/0.25/0.25), error_rate, accuracy (absolute, default 0.01)
  --no-scenario-thresholds                ignore the thresholds recorded in the run's scenario
  --min-phase-seconds N                   shortest measured phase that counts (default 10)
  --out DIR                               write the report files here (default: the run folder)
${helpEpilogue(['npm run report -- reports/<run-folder>', "npm run report -- reports/<run> --baseline reports/<older-run> --threshold 'p(95)<1200'", 'npm run report -- --from-k6 summary.json --out reports/k6'])}`;

export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const usage = (message: string) => (err(`error: ${message} (see npm run report -- --help)\n`), EXIT.USAGE);
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        baseline: { type: 'string' },
        threshold: { type: 'string', multiple: true },
        tolerance: { type: 'string', multiple: true },
        'no-scenario-thresholds': { type: 'boolean' },
        'min-phase-seconds': { type: 'string' },
        out: { type: 'string' },
        'from-k6': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const o = args.values;
  if (o.help) return out(`${USAGE}\n`), EXIT.OK;
  const target = o['from-k6'] ?? args.positionals[0];
  if (!target || args.positionals.length > (o['from-k6'] ? 0 : 1)) return usage('give one run folder (or --from-k6 <file>)');
  const minPhaseSeconds = o['min-phase-seconds'] === undefined ? undefined : Number(o['min-phase-seconds']);
  if (minPhaseSeconds !== undefined && !(minPhaseSeconds >= 0)) return usage('--min-phase-seconds must be a number >= 0');

  const tolerances = parseTolerances(o.tolerance ?? []);
  if (!tolerances.ok) return usage(tolerances.errors.join('; '));
  const extra = parseThresholds(o.threshold ?? []);
  if (!extra.ok) return usage(`bad --threshold: ${extra.errors.join('; ')}`);

  try {
    const run: LoadedRun = o['from-k6'] ? await loadK6(o['from-k6']) : await loadRun(target);
    const baseline = o.baseline ? await loadRun(o.baseline) : undefined;
    const scenario = o['no-scenario-thresholds'] ? { ok: true as const, value: [] } : parseThresholds(run.results.scenario.thresholds);
    if (!scenario.ok) return err(`error: the run's scenario thresholds do not parse: ${scenario.errors.join('; ')}\n`), EXIT.FAILED;
    const gate = checkGate(run.results, [...scenario.value, ...extra.value], baseline?.results, {
      requests: run.requests,
      baselineRequests: baseline?.requests,
      minPhaseSeconds,
      tolerances: tolerances.value,
    });
    const labels = run.requests ? await loadLabels(run.results.scenario.dataset) : {};
    const files = renderReport(run.results, { gate, baseline: baseline?.results, requests: run.requests, baselineRequests: baseline?.requests, items: labels.items });
    const dir = path.resolve(o.out ?? run.dir);
    await writeReport(dir, files);
    for (const n of [...run.notes, ...(baseline?.notes ?? []), ...(labels.note ? [labels.note] : [])]) out(`note: ${n}\n`);
    out(files['summary.md']);
    out(`\nreport: ${path.join(dir, 'report.html')}\nverdict: ${gate.verdict} (exit ${gate.exitCode})\n`);
    return gate.exitCode;
  } catch (e) {
    if (!(e instanceof RunLoadError)) throw e;
    err(`error: ${e.message.split('\n')[0]}\n`);
    return EXIT.FAILED;
  }
}

const TOLERANCE_KEYS: Record<string, keyof Tolerances> = {
  latency: 'latencyRatio', qps: 'qpsRatio', cpu: 'cpuRatio', rss: 'rssRatio', error_rate: 'errorRateDelta', accuracy: 'accuracyDelta',
};

function parseTolerances(items: string[]): { ok: true; value: Partial<Tolerances> } | { ok: false; errors: string[] } {
  const value: Partial<Tolerances> = {};
  const errors: string[] = [];
  for (const item of items) {
    const [k, v] = item.split('=');
    const key = TOLERANCE_KEYS[k];
    const n = Number(v);
    if (!key) errors.push(`--tolerance ${item}: unknown key "${k}" (known: ${Object.keys(TOLERANCE_KEYS).join(', ')})`);
    else if (v === undefined || v === '' || !(n >= 0)) errors.push(`--tolerance ${item}: expected ${k}=<number >= 0>`);
    else value[key] = n;
  }
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

async function loadK6(file: string): Promise<LoadedRun> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new RunLoadError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const converted = fromK6Summary(data, path.basename(file));
  if (!converted.ok) throw new RunLoadError(`${file} is not a k6 summary: ${converted.errors.join('; ')}`);
  return { dir: path.dirname(path.resolve(file)), results: converted.results, notes: converted.notes };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('report-cli.ts')) {
  runCli('report', () => main(process.argv.slice(2)));
}
