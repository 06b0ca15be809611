/**
 * The performance-regression gate the project runs on itself in CI: a same-machine A/B of two revisions.
 *
 *   npm run gate                      # base = merge base with main (HEAD~1 on main), head = the working tree
 *   npm run gate -- --base HEAD~3     # any revision as the base
 *   npm run gate -- --calibrate       # A/A trials and injected +2/+5/+10% CPU: how good is the gate here?
 *
 * A committed baseline measured the machine as much as the change (machines of one kind differ by up to
 * 1.5x); here base and head are built and served on the same machine, both alive in each block, their
 * light-pass requests alternating (ABBA image by image), and only head/base ratios are judged
 * (docs/guides/ci-gate.md). Exit codes are the gate's (exit-codes.ts):
 * 0 pass, 99 a regression, 3 too noisy to decide, 1 a harness error.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { writeReport } from '../report/write-report.ts';
import { HistoryDb, historyPath, machineInfo, fingerprintOf } from '../history/history-db.ts';
import { recordGate } from './record-gate.ts';
import { GATE_DEFAULTS, gateImages, gateScenario, runAbGate, type GateOutcome, type GateSettings, type SideConfig } from './ab-gate.ts';
import { gateSummary } from './ab-report.ts';
import { defaultBase, prepareBase, prepareHead, type Revision } from './ab-revisions.ts';
import { AB_METRICS, type MetricKey, type NoisePrior } from './ab-stats.ts';
import { CALIBRATION_BURNS, calibrate } from './calibrate.ts';
import { EXIT } from '../../server/exit-codes.ts';
import { exitCodeFor } from './exit-codes.ts';
import { errorLine, helpEpilogue, UsageError } from '../../server/cli/convention.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
};
const words = (v: string) => v.split(/\s+/).filter(Boolean);
const burnList = (v: string) => {
  const xs = v.split(',').map(Number);
  if (xs.some((x) => !Number.isFinite(x) || x <= 0 || x > 100)) throw new InvalidArgumentError('expected percentages in (0, 100], e.g. 2,5,10');
  return xs;
};

function program(): Command {
  return new Command('gate')
    .description('Same-machine A/B performance gate: base and head served together, their requests alternating.')
    .option('--base <rev>', 'revision to compare with (default: merge base with main, or HEAD~1 on main)')
    .option('--blocks <n>', `blocks, each a fresh base and head server and one pair of figures (default ${GATE_DEFAULTS.blocks})`, positiveInt)
    .option('--light-images <n>', `images in each block's light pass (default ${GATE_DEFAULTS.lightImages})`, positiveInt)
    .option('--saturate-s <s>', `seconds of saturating load per block (default ${GATE_DEFAULTS.saturateMs / 1000})`, positiveInt)
    .option('--prime-s <s>', `seconds of saturating load before the first block, not counted (default ${GATE_DEFAULTS.primeMs / 1000}, less with a shorter --saturate-s)`, (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected whole seconds >= 0');
      return n;
    })
    .option('--base-args <flags>', 'extra server flags for the base, e.g. "--workers 1"', words, [])
    .option('--head-args <flags>', 'extra server flags for the head', words, [])
    .option('--max-foreign-load <cores>', `INVALID when other processes use more CPU than this during a block (default ${GATE_DEFAULTS.maxForeignCores})`, (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected cores >= 0, e.g. 0.25');
      return n;
    })
    .option('--budget-s <s>', 'start no block after this many seconds from the start (CI); decide on the blocks run', positiveInt)
    .option('--calibrate', 'measure the gate: A/A trials and injected +2/+5/+10% CPU regressions')
    .option('--trials <n>', 'calibration: trials per condition (default 3)', positiveInt)
    .option('--burns <list>', 'calibration: injected CPU regressions in % (default 2,5,10)', burnList)
    .option('--out <dir>', 'report folder (default reports/ci-gate, or reports/ci-gate-calibration)')
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .addHelpText('after', helpEpilogue(['npm run gate', 'npm run gate -- --base HEAD~3', 'npm run gate -- --head-args "--workers 1"', 'npm run gate -- --calibrate --trials 10']));
}

/** Per metric, the A/A noise of earlier gate runs on this machine fingerprint (history-db noisePrior). */
function noisePriors(fingerprint: string, scenario: string): Partial<Record<MetricKey, NoisePrior>> {
  const file = historyPath(root);
  if (!file) return {};
  try {
    const db = new HistoryDb(file);
    try {
      return Object.fromEntries(AB_METRICS.flatMap((r) => {
        const p = db.noisePrior(fingerprint, r.key, 3, scenario);
        return p ? [[r.key, p]] : [];
      }));
    } finally {
      db.close();
    }
  } catch {
    return {};
  }
}

export async function ciPerfGate(argv: string[], write: (s: string) => void = (s) => void process.stdout.write(s)): Promise<number> {
  let opts: Record<string, unknown>;
  try {
    opts = program().parse(argv, { from: 'user' }).opts();
  } catch (e) {
    if ((e as { code?: string }).code === 'commander.helpDisplayed') return EXIT.OK;
    process.stderr.write(errorLine('gate', new UsageError((e as Error).message)));
    return EXIT.USAGE;
  }
  const settings: GateSettings = {
    ...GATE_DEFAULTS,
    blocks: (opts.blocks as number | undefined) ?? GATE_DEFAULTS.blocks,
    lightImages: (opts.lightImages as number | undefined) ?? GATE_DEFAULTS.lightImages,
    saturateMs: opts.saturateS ? (opts.saturateS as number) * 1000 : GATE_DEFAULTS.saturateMs,
    maxForeignCores: (opts.maxForeignLoad as number | undefined) ?? GATE_DEFAULTS.maxForeignCores,
  };
  settings.saturateWarmupMs = Math.min(GATE_DEFAULTS.saturateWarmupMs, settings.saturateMs / 4);
  settings.primeMs = opts.primeS !== undefined ? (opts.primeS as number) * 1000 : Math.min(GATE_DEFAULTS.primeMs, 2.5 * settings.saturateMs);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  // Ctrl-C or a CI runner's SIGTERM: stop, stop the servers, decide on the blocks done.
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const revisions: Revision[] = [];
  const t0 = performance.now();
  try {
    const head = await prepareHead(root, write);
    revisions.push(head);
    const images = await gateImages(root, settings);
    const fingerprint = fingerprintOf(machineInfo());
    if (opts.calibrate) {
      const out = path.resolve((opts.out as string | undefined) ?? path.join(root, 'reports/ci-gate-calibration'));
      return await calibrate({ head, settings, images, out, trials: (opts.trials as number | undefined) ?? 3, burns: (opts.burns as number[] | undefined) ?? CALIBRATION_BURNS, priors: () => noisePriors(fingerprint, gateScenario(settings)), stop: stop.signal, write });
    }
    const rev = (opts.base as string | undefined) ?? (await defaultBase(root));
    const base = await prepareBase(root, rev, head, write);
    revisions.push(base);
    const baseSide: SideConfig = { revision: base, serverArgs: opts.baseArgs as string[] };
    const headSide: SideConfig = { revision: head, serverArgs: opts.headArgs as string[] };
    const priors = noisePriors(fingerprint, gateScenario(settings));
    const out = path.resolve((opts.out as string | undefined) ?? path.join(root, 'reports/ci-gate'));
    write(`gate: base ${rev} (${base.commit.slice(0, 10)}) vs head ${head.commit.slice(0, 10)}${head.dirty ? ' + local changes' : ''}; ${settings.blocks} blocks, base and head interleaved request by request\n`);
    const deadline = opts.budgetS ? t0 + (opts.budgetS as number) * 1000 : undefined;
    const outcome = await runAbGate({ base: baseSide, head: headSide, settings, images, logDir: path.join(out, 'logs'), priors, stop: stop.signal, deadline, write });
    const summary = gateSummary(outcome, { base: `${rev} (${base.commit.slice(0, 10)})`, head: `${head.commit.slice(0, 10)}${head.dirty ? '+dirty' : ''}`, seconds: (performance.now() - t0) / 1000 });
    await writeReport(out, { 'summary.md': summary, 'gate.json': `${JSON.stringify({ base: base.commit, head: head.commit, dirty: head.dirty, settings, ...outcome }, null, 2)}\n` });
    recordGate('gate', outcome, baseSide, headSide, gateScenario(settings));
    write(`\n${summary}\nreport: ${path.join(out, 'summary.md')}\n`);
    return exitCodeFor(outcome.verdict);
  } catch (e) {
    process.stderr.write(`gate: ${(e as Error).message.split('\n')[0]}\n`);
    return EXIT.FAILED;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const r of revisions) await r.cleanup();
  }
}

if (process.argv[1]?.endsWith('ci-perf-gate.ts')) {
  ciPerfGate(process.argv.slice(2)).then((code) => process.exit(code));
}
