import os from 'node:os';
import path from 'node:path';
import type { LoadedDataset } from '../../datasets/lib/load.ts';
import type { DatasetItem } from '../../datasets/lib/schema.ts';
import type { CompareOptions } from './compare-args.ts';
import type { AccuracyRow, CompareResult, SpeedRow } from './compare-result.ts';
import type { ReadMode } from './engines/engine-types.ts';
import { describeEngine, engineMissing } from './engines/registry.ts';
import { figuresOf, spreadFigures, type PassFigures } from './figures.ts';
import { runPass, type PassResult } from './run-engine.ts';
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
 * Runs every engine, one at a time, over the same images in the same order: per repeat, per mode, per
 * engine, first one process then one per core. Engines are interleaved within a repeat, in ABBA order
 * across repeats (engineOrder), so a change in the machine's load spreads over all of them rather than
 * landing on one.
 */
export async function runCompare(ds: LoadedDataset, o: RunCompareOptions): Promise<CompareResult> {
  const log = o.log ?? (() => {});
  const startedAt = new Date().toISOString();
  const cores = os.availableParallelism();
  const loadavgBefore = os.loadavg();
  const warnings: string[] = [];
  const busy = isBusy(loadavgBefore[0], cores);
  if (busy) warnings.push(`the machine was busy before the run (load average ${loadavgBefore.map((l) => l.toFixed(2)).join(', ')} on ${cores} cores): absolute figures are pessimistic; compare ratios within this run`);
  const engines = o.engines.map((e) => {
    const missing = engineMissing(e);
    return { ...describeEngine(e, o.root), status: missing ? ('skipped' as const) : ('ok' as const), reason: missing };
  });
  for (const e of engines) if (e.status === 'skipped') log(`skipping ${e.id}: ${e.reason}`);
  const modes = o.modes.filter((m) => itemsFor(ds, m, o.limit).length > 0);
  const processCounts = [...new Set([1, o.processes])];
  const passes = new Map<string, PassFigures[]>();
  const firstPass = new Map<string, PassResult>();

  for (let rep = 1; rep <= o.repeat; rep++) {
    for (const mode of modes) {
      const items = itemsFor(ds, mode, o.limit);
      const files = items.map((i) => path.join(ds.dir, i.file));
      for (const e of engineOrder(engines, rep)) {
        for (const processes of processCounts) {
          if (e.status !== 'ok') continue;
          const key = `${e.id}|${mode}|${processes}`;
          try {
            const r = await runPass({ engine: e.id, mode, files, processes, root: o.root, scratchDir: o.scratchDir, minMs: o.minSeconds * 1000 });
            const f = figuresOf(r);
            passes.set(key, [...(passes.get(key) ?? []), f]);
            if (!firstPass.has(`${e.id}|${mode}`) && processes === 1) firstPass.set(`${e.id}|${mode}`, r);
            log(`[${rep}/${o.repeat}] ${e.id.padEnd(12)} ${mode}s x${processes}: ${f.imagesPerSec.toFixed(2)} img/s, p50 ${Math.round(f.p50Ms ?? 0)} ms, load ${Math.round(f.loadMs ?? 0)} ms${f.errors ? `, ${f.errors} errors` : ''}`);
          } catch (err) {
            Object.assign(e, { status: 'failed', reason: `${mode}s x${processes}: ${(err as Error).message.split('\n')[0]}` });
            log(`${e.id} failed: ${e.reason}`);
          }
        }
      }
    }
  }

  const rows: SpeedRow[] = [];
  for (const mode of modes) {
    for (const processes of processCounts) {
      const refRuns = passes.get(`${o.reference}|${mode}|${processes}`);
      const ref = refRuns ? spreadFigures(refRuns).imagesPerSec.median : null;
      for (const e of engines) {
        const runs = passes.get(`${e.id}|${mode}|${processes}`);
        if (!runs) continue;
        const spread = spreadFigures(runs);
        rows.push({ engine: e.id, mode, processes, runs, spread, throughputRatio: ref ? spread.imagesPerSec.median / ref : null });
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
      processCounts,
      reference: o.reference,
      warmup: "one untimed pass over each process's share, in the same process, just before the timed pass",
      order: `engines in the given order in odd repeats and reversed in even ones; image i goes to process i mod N; each process reads its share in dataset order, one image at a time${o.minSeconds > 0 ? `, and goes round it again until the timed pass has lasted ${o.minSeconds} s (speed and latency count every reading, accuracy the first)` : ''}`,
      env: PROCESS_ENV,
    },
    engines,
    rows,
    accuracy,
  };
}
