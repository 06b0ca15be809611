import os from 'node:os';
import path from 'node:path';
import type { LoadedDataset } from '../../datasets/lib/load.ts';
import type { DatasetItem } from '../../datasets/lib/schema.ts';
import type { CompareOptions } from './compare-args.ts';
import type { AccuracyRow, CompareResult, SpeedRow } from './compare-result.ts';
import type { ReadMode } from './engines/engine-types.ts';
import { aaTwin, baseEngine, describeEngine, engineMissing } from './engines/registry.ts';
import { figuresOf, pairedRatio, spreadFigures, type PassFigures } from './figures.ts';
import { EnginePass, type PassResult } from './run-engine.ts';
import { headlineAccuracy, scoreEngine } from './score.ts';

/** Environment every measuring process inherits: one core's worth of threads per process. */
export const PROCESS_ENV = { OMP_THREAD_LIMIT: '1', VIPS_CONCURRENCY: '1' };

/** A machine whose 1-minute load is at least half a runnable task per core is too busy for absolute figures. */
export const isBusy = (load1: number, cores: number) => load1 >= 0.5 * cores;

export interface RunCompareOptions extends CompareOptions {
  id: string;
  root: string;
  scratchDir: string;
  command: string[];
  log?: (line: string) => void;
}

export function itemsFor(ds: LoadedDataset, mode: ReadMode, limit: number | null): DatasetItem[] {
  const items = ds.items.filter((i) => i.kind === mode);
  return limit ? items.slice(0, limit) : items;
}

/**
 * The engines' order in repeat `rep` (1-based): as given in odd repeats, reversed in even ones (ABBA, as
 * the CI gate orders its blocks), so a machine that speeds up or slows down through a compare does not
 * favour the engines that run first.
 */
export function engineOrder<T>(engines: readonly T[], rep: number): T[] {
  return rep % 2 ? [...engines] : [...engines].reverse();
}

/**
 * How long one engine reads before the next takes its turn. Short enough that every engine's pass spans
 * the same stretch of the machine's time (drift from minute to minute lands on all alike), long enough
 * that a turn holds many readings of a line. Why: docs/decisions/harness-measurement.md.
 */
export const SLICE_MS = 1000;

/** What takeTurns drives: an engine's timed pass that can be read in slices. */
export interface TurnTaker {
  done(minMs: number): boolean;
  slice(ms: number): Promise<void>;
}

/**
 * Runs the passes' slices in turns until every pass is done (each image read once and `minMs` timed):
 * round r in engineOrder's order (ABBA from round to round), skipping passes already done. A pass whose
 * slice throws is reported to `onError` and gets no more turns.
 */
export async function takeTurns<T extends TurnTaker>(passes: readonly T[], minMs: number, sliceMs: number, onError: (pass: T, err: Error) => void): Promise<void> {
  const failed = new Set<T>();
  const waiting = () => passes.filter((p) => !failed.has(p) && !p.done(minMs));
  for (let round = 1; waiting().length; round++) {
    for (const p of engineOrder(waiting(), round)) {
      try {
        await p.slice(sliceMs);
      } catch (err) {
        failed.add(p);
        onError(p, err as Error);
      }
    }
  }
}

/**
 * Runs every engine over the same images in the same order: per repeat, per mode, first with one process
 * then one per core, every engine's processes are loaded and warmed, and then the engines take turns
 * reading for SLICE_MS each (takeTurns) until each has read every image once and for --min-seconds in
 * all. Turns go in ABBA order from round to round and the engines are opened in ABBA order across
 * repeats, so neither a drifting machine nor going first favours an engine.
 */
export async function runCompare(ds: LoadedDataset, o: RunCompareOptions): Promise<CompareResult> {
  const log = o.log ?? (() => {});
  const startedAt = new Date().toISOString();
  const cores = os.availableParallelism();
  const loadavgBefore = os.loadavg();
  const warnings: string[] = [];
  const busy = isBusy(loadavgBefore[0], cores);
  if (busy) warnings.push(`the machine was busy before the run (load average ${loadavgBefore.map((l) => l.toFixed(2)).join(', ')} on ${cores} cores): absolute figures are pessimistic; compare ratios within this run`);
  // The twin goes last: in odd repeats it opens and reads after every other engine, in even ones first.
  const engines = [...o.engines, ...(o.aa ? [aaTwin(o.reference)] : [])].map((e) => {
    const missing = engineMissing(e);
    return { ...describeEngine(e, o.root), status: missing ? ('skipped' as const) : ('ok' as const), reason: missing };
  });
  for (const e of engines) if (e.status === 'skipped') log(`skipping ${e.id}: ${e.reason}`);
  const modes = o.modes.filter((m) => itemsFor(ds, m, o.limit).length > 0);
  const processCounts = [...new Set([1, o.processes])];
  const passes = new Map<string, PassFigures[]>();
  const firstPass = new Map<string, PassResult>();
  const fail = (e: (typeof engines)[number], what: string, err: Error) => {
    Object.assign(e, { status: 'failed', reason: `${what}: ${err.message.split('\n')[0]}` });
    log(`${e.id} failed: ${e.reason}`);
  };

  for (let rep = 1; rep <= o.repeat; rep++) {
    for (const mode of modes) {
      const items = itemsFor(ds, mode, o.limit);
      const files = items.map((i) => path.join(ds.dir, i.file));
      for (const processes of processCounts) {
        const open = new Map<EnginePass, (typeof engines)[number]>();
        try {
          // One engine loads at a time, so each load time is its own.
          for (const e of engineOrder(engines, rep)) {
            if (e.status !== 'ok') continue;
            try {
              const engine = baseEngine(e.id);
              open.set(await EnginePass.open({ engine, twin: engine !== e.id, mode, files, processes, root: o.root, scratchDir: o.scratchDir }), e);
            } catch (err) {
              fail(e, `${mode}s x${processes}`, err as Error);
            }
          }
          await takeTurns([...open.keys()], o.minSeconds * 1000, SLICE_MS, (pass, err) => {
            fail(open.get(pass)!, `${mode}s x${processes}`, err);
            void pass.stop();
          });
          for (const [pass, e] of open) {
            if (e.status !== 'ok') continue;
            try {
              const r = await pass.close();
              const f = figuresOf(r);
              const key = `${e.id}|${mode}|${processes}`;
              passes.set(key, [...(passes.get(key) ?? []), f]);
              if (!firstPass.has(`${e.id}|${mode}`) && processes === 1) firstPass.set(`${e.id}|${mode}`, r);
              log(`[${rep}/${o.repeat}] ${e.id.padEnd(12)} ${mode}s x${processes}: ${f.imagesPerSec.toFixed(2)} img/s, p50 ${Math.round(f.p50Ms ?? 0)} ms, load ${Math.round(f.loadMs ?? 0)} ms, ${f.slices} turns${f.errors ? `, ${f.errors} errors` : ''}`);
            } catch (err) {
              fail(e, `${mode}s x${processes}`, err as Error);
            }
          }
        } finally {
          await Promise.all([...open.keys()].map((pass) => pass.stop()));
        }
      }
    }
  }

  const rows: SpeedRow[] = [];
  for (const mode of modes) {
    for (const processes of processCounts) {
      const refRuns = passes.get(`${o.reference}|${mode}|${processes}`);
      for (const e of engines) {
        const runs = passes.get(`${e.id}|${mode}|${processes}`);
        if (!runs) continue;
        const spread = spreadFigures(runs);
        const ratio = refRuns ? pairedRatio(runs, refRuns) : null;
        rows.push({ engine: e.id, mode, processes, runs, spread, throughputRatio: ratio?.median ?? null, throughputRatioSpread: ratio });
      }
    }
  }
  const accuracy: AccuracyRow[] = [];
  for (const mode of modes) {
    const items = itemsFor(ds, mode, o.limit);
    for (const e of engines) {
      const r = firstPass.get(`${e.id}|${mode}`);
      if (!r) continue;
      const a = scoreEngine(items, r.items);
      accuracy.push({ engine: e.id, mode, headline: headlineAccuracy(a.overall, mode), ...a });
    }
  }
  if (!engines.some((e) => e.id === o.reference && e.status === 'ok')) warnings.push(`the reference engine ${o.reference} did not run: no ratios`);
  const cpus = os.cpus();
  return {
    id: o.id,
    startedAt,
    finishedAt: new Date().toISOString(),
    command: o.command,
    machine: { cpuModel: cpus[0]?.model ?? 'unknown', cores, memoryBytes: os.totalmem(), os: `${os.platform()} ${os.release()}`, node: process.version, loadavgBefore, loadavgAfter: os.loadavg(), busy },
    warnings,
    dataset: { name: ds.name, hash: ds.hash, lines: itemsFor(ds, 'line', o.limit).length, pages: itemsFor(ds, 'page', o.limit).length, limit: o.limit },
    settings: {
      repeat: o.repeat,
      minSeconds: o.minSeconds,
      turnSeconds: SLICE_MS / 1000,
      processCounts,
      reference: o.reference,
      aaTwin: o.aa ? aaTwin(o.reference) : null,
      warmup: "one untimed pass over each process's share, in the same process, right after its engine loads and before any engine's timed turns",
      order: `every engine's processes loaded at once (opened in the given order in odd repeats, reversed in even ones); the engines take turns of ${SLICE_MS / 1000} s, in ABBA order from round to round, until each has read every image once${o.minSeconds > 0 ? ` and for ${o.minSeconds} s in all (speed and latency count every reading, accuracy the first)` : ''}; image i goes to process i mod N; each process reads its share in dataset order, one image at a time, going on where its last turn stopped`,
      env: PROCESS_ENV,
    },
    engines,
    rows,
    accuracy,
  };
}
