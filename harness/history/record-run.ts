/**
 * The one call bench and compare make after writing their results: the run goes into reports/history.db.
 * Best effort: a history that cannot be written (a locked or broken file) costs a one-line warning on
 * stderr, never the run it would have recorded.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompareResult } from '../compare/compare-result.ts';
import type { RunResults } from '../results/schema.ts';
import { HistoryDb, historyPath, machineInfo, type RunRecord } from './history-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** HEAD and whether tracked files differ from it; nulls outside a git checkout. */
export function gitState(cwd = root): { commit: string | null; dirty: boolean } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return { commit: null, dirty: false };
  }
}

/** Writes one run; returns its id, or null when history is off or could not be written. */
export function recordRun(r: Omit<RunRecord, 'commit' | 'dirty' | 'machine'> & Partial<RunRecord>): number | null {
  const file = historyPath(root);
  if (!file) return null;
  try {
    const db = new HistoryDb(file);
    try {
      return db.record({ ...gitState(), machine: machineInfo(), ...r });
    } finally {
      db.close();
    }
  } catch (e) {
    process.stderr.write(`history: not recorded (${(e as Error).message})\n`);
    return null;
  }
}

/** A bench run's per-phase figures: throughput, latency, errors, server CPU and memory, accuracy. */
export function benchRecord(results: RunResults): Omit<RunRecord, 'commit' | 'dirty' | 'machine'> {
  const figures: RunRecord['figures'] = {};
  for (const p of results.phases) {
    figures[p.name] = {
      qps: p.throughput.okPerSec,
      p50Ms: p.latency.p50,
      p95Ms: p.latency.p95,
      errorRate: p.errors.rate,
      serverCpu: p.resources.serverCpuMean,
      rssMiB: p.resources.serverRssMax === null ? null : p.resources.serverRssMax / 1024 ** 2,
      pageF1: p.accuracy?.pageF1 ?? null,
      lineCer: p.accuracy?.cer ?? null,
    };
  }
  return { kind: 'bench', at: results.finishedAt, scenario: results.scenario.name, verdict: results.validity.verdict, note: results.runId, figures };
}

/** A compare run: images/s and p50 per engine, mode and process count, and each engine's accuracy. */
export function compareRecord(r: CompareResult): Omit<RunRecord, 'commit' | 'dirty' | 'machine'> {
  const figures: RunRecord['figures'] = {};
  for (const row of r.rows) figures[`${row.engine} ${row.mode} x${row.processes}`] = { imagesPerSec: row.spread.imagesPerSec.median, p50Ms: row.spread.p50Ms?.median ?? null };
  for (const a of r.accuracy) (figures[`${a.engine} ${a.mode}`] ??= {}).accuracy = a.headline;
  return { kind: 'compare', at: r.finishedAt, scenario: r.dataset.name, note: r.id, figures };
}

/** The hooks: one line each at the end of the bench's and compare's write step. */
export const recordBench = (results: RunResults) => void recordRun(benchRecord(results));
export const recordCompareFiles = (files: Record<string, string>) => void (files['compare.json'] && recordRun(compareRecord(JSON.parse(files['compare.json']) as CompareResult)));
