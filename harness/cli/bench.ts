/**
 * `npm run bench -- --phases stepped [--quick]`: runs a scenario against the embedded server (or
 * --target), prints a live line per phase and a summary table, and writes reports/<run-id>/.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { DatasetError } from '../../datasets/lib/load.ts';
import { runBench } from '../bench/run-bench.ts';
import { redactCommand } from '../bench/redact.ts';
import { inFlagTerms, scenarioFromFlags } from '../scenario/scenario-from-flags.ts';
import { formatSummary } from '../bench/summary.ts';
import { subSeed } from '../plan/random.ts';
import type { RunResults } from '../results/schema.ts';
import { isScenarioPath, loadScenario } from '../scenario/load-scenario.ts';
import { normalizeScenario, quickScale } from '../scenario/normalize-scenario.ts';
import { BENCH_DEFAULTS, BENCH_USAGE, parseBenchArgs, type BenchArgs } from './bench-args.ts';
import { errorLine, fromCaller, helpEpilogue, runCli, UsageError } from '../../server/cli/convention.ts';
import { EXIT } from '../../server/exit-codes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const fromUser = fromCaller;

function runIdFor(scenario: string, at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${scenario}`;
}

type ReportCli = { main: (argv: string[]) => Promise<number> };

/**
 * Imports the report command before the run, and waits for it: a terminal's Ctrl-C also stops tsx's
 * compile service, after which no TypeScript module can be imported; and compiling it during the load
 * (cold tsx cache on a fresh clone) blocked the harness's event loop past its self-check limit.
 */
function preloadReport(): Promise<ReportCli | string> {
  return import(pathToFileURL(path.join(root, 'harness/report/report-cli.ts')).href).then(
    (mod: ReportCli) => mod,
    (err: Error) => `report command failed to load: ${err.message}`,
  );
}

/**
 * Renders report.html, summary.md, junit.xml and summary.json into the run folder and gates the run
 * (the scenario's thresholds, --threshold, --baseline): the same code as `npm run report -- <run>`.
 * Returns the gate's exit code.
 */
async function reportAndGate(mod: ReportCli | string, outDir: string, args: BenchArgs, write: (s: string) => void): Promise<number> {
  if (typeof mod === 'string') return write(`error: ${mod}\n`), EXIT.FAILED;
  return mod.main([
    outDir,
    ...(args.compareWith ? ['--baseline', args.compareWith] : []),
    ...args.thresholds.flatMap((t) => ['--threshold', t]),
    ...args.tolerances.flatMap((t) => ['--tolerance', t]),
  ]);
}

export async function main(argv: string[]): Promise<number> {
  const write = (s: string) => void process.stdout.write(s);
  const parsed = parseBenchArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(errorLine('bench', new UsageError(parsed.errors.join('; '))));
    return EXIT.USAGE;
  }
  const args = parsed.args;
  if (args.help) return (write(`${BENCH_USAGE}\n${helpEpilogue([
    'npm run bench -- --phases stepped --quick',
    "npm run bench -- --target http://127.0.0.1:9000/v1/ocr -H 'Authorization: Bearer TOKEN' --body json --field image --text-path result.text --dataset ~/my-scans --vus 2 --duration 20s",
    "npm run bench -- --target http://127.0.0.1:8080/api/ocr --stages 5:1m,10:1m --think 1s --slo 'p95<1200'",
    'npm run bench -- --rate 5/s --duration 60s',
    'npm run bench -- --export-k6 smoke --out script.js',
  ])}`), EXIT.OK);
  if (args.exportK6) {
    const { exportK6Cli } = await import('../k6/export-cli.ts');
    return exportK6Cli([args.exportK6, ...(args.dataset ? ['--dataset', args.dataset] : []), ...(args.target ? ['--target', args.target] : []), ...(args.out ? ['--out', args.out] : [])]);
  }
  const usageError = (lines: string[]) => (process.stderr.write(errorLine('bench', new UsageError([...new Set(lines)].join('; ')))), EXIT.USAGE);
  let input: unknown;
  if (args.load) {
    const fromFlags = scenarioFromFlags(args.load);
    if (!fromFlags.ok) return usageError(fromFlags.errors);
    input = fromFlags.scenario;
  } else {
    try {
      input = await loadScenario(isScenarioPath(args.scenario) ? fromUser(args.scenario) : args.scenario);
    } catch (err) {
      return usageError([(err as Error).message]);
    }
  }
  const scale = args.scale ?? (args.quick ? quickScale(input, BENCH_DEFAULTS.quickLoadMs, BENCH_DEFAULTS.quickMinMeasuredMs) : 1);
  // A folder on disk is recorded by its absolute path, so `npm run report` finds its labels from anywhere.
  const dataset = args.dataset && existsSync(fromUser(args.dataset)) ? fromUser(args.dataset) : (args.dataset ?? undefined);
  const normalized = normalizeScenario(input, { scale, seed: args.seed ?? undefined, dataset, slo: args.slo ?? undefined });
  if (!normalized.ok) {
    const load = args.load;
    return usageError(normalized.errors.map((e) => (load ? inFlagTerms(e, load) : `scenario ${args.scenario}: ${e}`)));
  }
  const scenario = normalized.scenario;
  const reporter = await preloadReport();
  const runId = runIdFor(scenario.name);
  const outDir = args.out ? fromUser(args.out) : path.join(root, BENCH_DEFAULTS.reportsDir, runId);

  // First Ctrl-C: stop the load and keep what was measured. A second one, a second or more later,
  // leaves at once. (A terminal's Ctrl-C reaches this process directly *and* relayed by npm, so
  // copies arriving together count as one. Run it with `node --import tsx`, as package.json does: the
  // tsx CLI SIGKILLs a child whose loop is too busy to acknowledge a signal within 60 ms.)
  const stop = new AbortController();
  let firstSignalAt = 0;
  const onSignal = () => {
    if (!firstSignalAt) {
      firstSignalAt = Date.now();
      process.stderr.write('\nstopping: finishing in-flight requests, then writing what was measured (Ctrl-C again to quit at once)\n');
      stop.abort();
    } else if (Date.now() - firstSignalAt > 1000) process.exit(EXIT.INTERRUPTED);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  write(`bench ${scenario.name}: ${scenario.phases.map((p) => p.name).join(' -> ')} · dataset ${scenario.dataset} · out ${outDir}\n`);
  let results: RunResults;
  try {
    results = await runBench({
      root,
      scenario,
      runId,
      outDir,
      target: args.target
        ? { kind: 'url', url: args.target, field: args.field, textPath: args.textPath, linesPath: args.linesPath, body: args.body, headers: args.headers, query: args.query }
        : { kind: 'embedded', serverArgs: args.serverArgs, ...(args.serverNice !== null ? { nice: args.serverNice } : {}) },
      baselineSamples: args.baselineSamples,
      seeds: { samples: scenario.seed, arrivals: subSeed(scenario.seed, 1), think: subSeed(scenario.seed, 2) },
      stop: stop.signal,
      command: redactCommand(argv),
      write,
      isTTY: process.stdout.isTTY,
      metrics: args.metrics,
      ...(args.loopDelayLimit !== null ? { selfCheck: { loopDelayFloorMs: args.loopDelayLimit } } : {}),
    });
  } catch (err) {
    // A dataset that does not load: nothing was started or measured; one line per problem.
    if (err instanceof DatasetError) return usageError([`dataset ${err.dataset}: ${err.problems.map((p) => p.message).join('; ')}`]);
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return EXIT.FAILED;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  write(`\n${formatSummary(results)}\n\nresults: ${path.join(outDir, 'results.json')}\n`);
  const gate = await reportAndGate(reporter, outDir, args, write);
  if (results.status === 'failed') return EXIT.FAILED;
  if (results.status === 'interrupted') return EXIT.INTERRUPTED;
  return gate;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runCli('bench', () => main(process.argv.slice(2)));
}
