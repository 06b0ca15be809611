import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { loadDataset } from '../../datasets/lib/load.ts';
import { startServer } from '../bench/start-server.ts';
import { pickSamples } from '../plan/pick-samples.ts';
import { primeMachine, readImages, runInterleavedBlock, type BlockPlan, type BlockResult, type GateImages } from './ab-block.ts';
import { AB_METRICS, decideAll, effectInterval, overallVerdict, pairBlocks, pairEffect, type GateVerdict, type MetricDecision, type MetricKey, type MetricRule, type NoisePrior, type Side } from './ab-stats.ts';
import type { Revision } from './ab-revisions.ts';

/** The gate's shape: how many blocks and what each does (docs/guides/ci-gate.md, "Sizing"). */
export interface GateSettings {
  dataset: string;
  blocks: number;
  lightImages: number;
  warmImages: number;
  saturateMs: number;
  saturateWarmupMs: number;
  /** Closed users in the saturating load: twice the default worker count (one per core). */
  users: number;
  timeoutMs: number;
  seed: number;
  /**
   * Most CPU (in cores) other processes may use during a block's light pass. Above it the machine is
   * shared, and a burst of another job inside the blocks of one side reads as a change of CPU per image
   * (an A/A run here measured x1.14 on three agreeing pairs): the run is INVALID, not judged.
   */
  maxForeignCores: number;
  /** Saturating load on the first server before the first block, not counted (runInterleaved). */
  primeMs: number;
}

export const GATE_DEFAULTS: GateSettings = {
  dataset: 'mixed-500',
  blocks: 5,
  lightImages: 24,
  warmImages: 4,
  saturateMs: 6000,
  saturateWarmupMs: 1500,
  users: 2 * availableParallelism(),
  timeoutMs: 60_000,
  seed: 26,
  maxForeignCores: 0.25,
  primeMs: 20_000,
};

export interface SideConfig {
  revision: Revision;
  /** Extra server flags for this side (e.g. --workers 1, or the calibration burn). */
  serverArgs: string[];
}

export interface BlockRecord extends BlockResult {
  side: Side;
  coldStartMs: number;
}

export interface GateOutcome {
  verdict: GateVerdict;
  decisions: MetricDecision[];
  /** Per metric: this run's own SD of one pair's effect (not pooled), for the history's noise prior. */
  pairSd: Partial<Record<MetricKey, number>>;
  pairs: number;
  blocks: BlockRecord[];
  reasons: string[];
  /** Other processes used more than the limit during a block: the run's noise is not this machine's own. */
  shared: boolean;
}

/**
 * The history's scenario of a gate run: runs of one scenario share a noise prior (history-db noisePrior). A
 * pair's noise depends on how the gate measures (interleaved, pinned) and on how many images a block reads.
 */
export const gateScenario = (s: GateSettings): string => `gate ${s.dataset} x${s.lightImages} interleaved pinned`;

/** The images every block uses: a fixed, seeded pick from the dataset, the same for base and head. */
export async function gateImages(root: string, s: GateSettings): Promise<{ images: GateImages; warmIds: string[]; lightIds: string[] }> {
  const ds = await loadDataset(path.join(root, 'datasets', s.dataset));
  const picked = pickSamples(ds.items.map((i) => i.id), s.lightImages + s.warmImages, s.seed);
  const warmIds = picked.slice(0, s.warmImages);
  const lightIds = picked.slice(s.warmImages);
  return { images: await readImages(ds.dir, ds.items, picked), warmIds, lightIds };
}

/** One server configuration the schedule visits, and whether its blocks run the saturating load. */
export interface Arm {
  config: SideConfig;
  /** Light pass only (no capacity): calibration's injected-CPU arms, where only CPU per image is judged. */
  lightOnly?: boolean;
}

export interface ScheduledBlock {
  arm: number;
  result: BlockResult;
  coldStartMs: number;
}

/** What runInterleaved needs: the arms, the gate's settings and images, where logs go. */
export interface ScheduleOptions {
  arms: readonly Arm[];
  settings: GateSettings;
  images: { images: GateImages; warmIds: string[]; lightIds: string[] };
  logDir: string;
  stop: AbortSignal;
  deadline?: number;
  /** Names blocks in the console lines. */
  label: (arm: number) => string;
  write: (s: string) => void;
  /** Prime before the first block (default true); calibration primes once, not every trial. */
  prime?: boolean;
}

/**
 * One arm's server for block `block` (not niced: the load is light and the other jobs on a shared machine are
 * not niced either). null when Ctrl-C came while it started: the blocks done so far are the run.
 */
function startArm(o: ScheduleOptions, arm: number, block: number): Promise<Awaited<ReturnType<typeof startServer>> | null> {
  const { revision, serverArgs } = o.arms[arm].config;
  return startServer({
    command: [process.execPath, path.join(revision.dir, 'dist/server/main.js')],
    cwd: revision.dir,
    args: ['--cache', 'off', '--log-level', 'warn', ...serverArgs],
    logPath: path.join(o.logDir, `block-${block + 1}-${o.label(arm).replace(/[^\w.+-]+/g, '_')}.log`),
    nice: 0,
    signal: o.stop,
  }).catch((e: unknown) => {
    if (o.stop.aborted) return null;
    throw e;
  });
}

/**
 * Blocks over all arms alive at once (runInterleavedBlock): per block every arm's server is started, the
 * block runs, all are stopped. The direction of the interleave alternates block by
 * block. Returns, per block run, one result per arm.
 */
export async function runInterleaved(o: ScheduleOptions & {
  blocks: number;
  /** Alternation continues across calls (calibration trials): the first block's direction. */
  firstReverse?: boolean;
}): Promise<ScheduledBlock[][]> {
  const late = () => o.deadline !== undefined && performance.now() > o.deadline;
  const s = o.settings;
  const plan: BlockPlan = { warmIds: o.images.warmIds, lightIds: o.images.lightIds, saturate: { users: s.users, durationMs: s.saturateMs, warmupMs: s.saturateWarmupMs }, timeoutMs: s.timeoutMs };
  await mkdir(o.logDir, { recursive: true });
  const out: ScheduledBlock[][] = [];
  for (let b = 0; b < o.blocks && !o.stop.aborted && !late(); b++) {
    const reverse = (b % 2 === 1) !== (o.firstReverse ?? false);
    const servers = new Map<number, Awaited<ReturnType<typeof startServer>>>();
    try {
      // Started together: a block's servers are its arms' fresh processes, whichever comes up first.
      const started = await Promise.allSettled(o.arms.map((_, a) => startArm(o, a, b)));
      started.forEach((r, a) => {
        if (r.status === 'fulfilled' && r.value) servers.set(a, r.value);
      });
      const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      if (o.stop.aborted || servers.size < o.arms.length) break;
      if (b === 0 && o.prime !== false && s.primeMs > 0) {
        o.write(`priming the machine: ${(s.primeMs / 1000).toFixed(0)} s of saturating load, not counted\n`);
        await primeMachine(servers.get(0)!, o.images.images, { ...plan, saturate: { users: s.users, durationMs: s.primeMs, warmupMs: 0 } }, o.stop);
      }
      const results = await runInterleavedBlock(o.arms.map((_, a) => servers.get(a)!), o.arms.map((a) => !!a.lightOnly), o.images.images, plan, o.stop, reverse);
      out.push(results.map((result, a) => ({ arm: a, result, coldStartMs: servers.get(a)!.coldStartMs })));
      for (const [a, r] of results.entries()) {
        const f = r.figures;
        const capacity = Number.isFinite(f.capacity) ? `  ${f.capacity.toFixed(2)} img/s` : '';
        o.write(`block ${b + 1}/${o.blocks} ${o.label(a).padEnd(4)} other jobs ${r.foreignCores.toFixed(2)} cores  cpu ${(f.cpuPerImage * 1000).toFixed(0)} ms/img  service ${f.serviceMean.toFixed(0)} ms${capacity}  rss ${(f.peakRss / 1024 ** 2).toFixed(0)} MiB  F1 ${f.pageF1?.toFixed(3) ?? '-'}${r.errors ? `  ${r.errors} errors` : ''}\n`);
      }
    } finally {
      await Promise.all([...servers.values()].map((x) => x.stop()));
    }
  }
  return out;
}

/**
 * Runs base and head in blocks, both alive in each (runInterleaved), then decides every metric over the
 * blocks, each block one pair.
 */
export async function runAbGate(o: {
  base: SideConfig;
  head: SideConfig;
  settings: GateSettings;
  images: { images: GateImages; warmIds: string[]; lightIds: string[] };
  logDir: string;
  priors?: Partial<Record<MetricKey, NoisePrior>>;
  rules?: readonly MetricRule[];
  stop: AbortSignal;
  /** performance.now() after which no block starts (CI's time budget); the decision uses the blocks done. */
  deadline?: number;
  write: (s: string) => void;
}): Promise<GateOutcome> {
  const sides: Side[] = ['base', 'head'];
  const arms: Arm[] = [{ config: o.base }, { config: o.head }];
  // Each block is one pair: base and head alive together, the light pass alternating between them.
  const done = await runInterleaved({ ...o, arms, blocks: o.settings.blocks, label: (a) => sides[a] });
  const blocks: BlockRecord[] = done.flatMap((pair) => pair.map((b) => ({ ...b.result, side: sides[b.arm], coldStartMs: b.coldStartMs })));
  const outcome = decide(blocks, o.priors ?? {}, o.rules ?? AB_METRICS, o.stop.aborted, o.settings.maxForeignCores);
  if (done.length < o.settings.blocks && !o.stop.aborted) outcome.reasons.unshift(`time budget reached: ${done.length} of ${o.settings.blocks} blocks run`);
  return outcome;
}

/** The decision from measured blocks (pure; exported for tests). */
export function decide(blocks: readonly BlockRecord[], priors: Partial<Record<MetricKey, NoisePrior>>, rules: readonly MetricRule[] = AB_METRICS, interrupted = false, maxForeignCores = Infinity): GateOutcome {
  const pairs = pairBlocks(blocks.map((b) => ({ side: b.side, figures: b.figures })));
  const decisions = decideAll(pairs, rules, priors);
  const pairSd: GateOutcome['pairSd'] = {};
  for (const rule of rules) {
    const effects = pairs.map((p) => pairEffect(rule, p.base[rule.key], p.head[rule.key])).filter((e): e is number => e !== null);
    const own = effectInterval(effects);
    if (own && Number.isFinite(own.sd)) pairSd[rule.key] = own.sd;
  }
  const reasons: string[] = [];
  let verdict = overallVerdict(decisions);
  const errors = (side: Side) => blocks.filter((b) => b.side === side).reduce((n, b) => n + b.errors, 0);
  if (errors('head') > errors('base')) {
    verdict = 'FAIL';
    reasons.push(`head answered ${errors('head')} requests with errors, base ${errors('base')}`);
  }
  const busiest = Math.max(0, ...blocks.map((b) => b.foreignCores));
  const shared = busiest > maxForeignCores;
  if (shared && !reasons.length) {
    verdict = 'INVALID';
    reasons.push(`machine shared: other processes used up to ${busiest.toFixed(2)} cores during a block (limit ${maxForeignCores}); timing figures cannot be judged`);
  }
  if (interrupted) {
    verdict = 'INVALID';
    reasons.push('interrupted');
  }
  if (pairs.length < 2 && verdict !== 'FAIL') {
    verdict = 'INVALID';
    reasons.push(`${pairs.length} block(s): too few for an interval (use --blocks 3 or more)`);
  }
  for (const d of decisions) if (d.verdict === 'regression' || d.verdict === 'noisy') reasons.push(d.text);
  return { verdict, decisions, pairSd, pairs: pairs.length, blocks: [...blocks], reasons, shared };
}
