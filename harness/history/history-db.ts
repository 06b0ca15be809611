/**
 * The run history: every bench, compare and gate run in one SQLite file (reports/history.db), so trends and
 * the gate's own noise can be read back across runs. SQLite through better-sqlite3: synchronous, one file,
 * no server, and SQL over the few tables below is all the trend page and the gate's noise prior need
 * (docs/guides/ci-gate.md, "Run history").
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { NoisePrior } from '../gate/ab-stats.ts';

export type RunKind = 'bench' | 'compare' | 'gate' | 'calibration';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
}

/** What the figures depend on, not who ran them: runs with the same fingerprint are comparable. */
export function machineInfo(): MachineInfo {
  return { cpuModel: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 1024 ** 3), os: `${os.platform()} ${os.release()}`, node: process.version };
}

export function fingerprintOf(m: MachineInfo): string {
  return createHash('sha256').update(JSON.stringify([m.cpuModel, m.cores, m.memoryGiB, m.os, m.node])).digest('hex').slice(0, 12);
}

export interface RunRecord {
  kind: RunKind;
  at: string;
  commit: string | null;
  dirty: boolean;
  scenario: string;
  machine: MachineInfo;
  verdict?: string | null;
  /** Free-form, shown in the listing (e.g. the base of a gate run). */
  note?: string | null;
  /** phase -> metric -> value; null values are skipped. */
  figures: Record<string, Record<string, number | null>>;
  /** Gate runs only: per metric the decision and this run's own pair noise. */
  gate?: GateMetricRecord[];
}

export interface GateMetricRecord {
  metric: string;
  value: number | null;
  lo: number | null;
  hi: number | null;
  verdict: string;
  /** SD of one pair's effect in this run alone (not pooled), and the number of pairs. */
  pairSd: number | null;
  pairs: number;
  /** Base and head served the same tree: an A/A run, whose spread is the gate's noise. */
  aa: boolean;
}

export interface StoredRun {
  id: number;
  kind: RunKind;
  at: string;
  commit: string | null;
  dirty: number;
  scenario: string;
  fingerprint: string;
  verdict: string | null;
  note: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL, commit_sha TEXT, dirty INTEGER NOT NULL,
  scenario TEXT NOT NULL, fingerprint TEXT NOT NULL, machine TEXT NOT NULL, verdict TEXT, note TEXT);
CREATE TABLE IF NOT EXISTS figures (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, phase TEXT NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL);
CREATE TABLE IF NOT EXISTS gate_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, metric TEXT NOT NULL, value REAL, lo REAL, hi REAL,
  verdict TEXT NOT NULL, pair_sd REAL, pairs INTEGER NOT NULL, aa INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS figures_run ON figures(run_id);
CREATE INDEX IF NOT EXISTS gate_metric ON gate_metrics(metric, aa);
`;

/**
 * reports/history.db under the project, or OCRBENCH_HISTORY_DB (a path; `off` records nothing). Under
 * Node's test runner (NODE_TEST_CONTEXT) nothing is recorded unless a path is given: test runs are not history.
 */
export function historyPath(root: string): string | null {
  const env = process.env.OCRBENCH_HISTORY_DB;
  if (env === 'off' || (!env && process.env.NODE_TEST_CONTEXT)) return null;
  return env ? path.resolve(env) : path.join(root, 'reports/history.db');
}

export class HistoryDb {
  readonly db: Database.Database;
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    // Two writers (a bench and a gate) may finish at once: wait for the lock rather than fail.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  record(r: RunRecord): number {
    const insert = this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO runs (kind, at, commit_sha, dirty, scenario, fingerprint, machine, verdict, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(r.kind, r.at, r.commit, r.dirty ? 1 : 0, r.scenario, fingerprintOf(r.machine), JSON.stringify(r.machine), r.verdict ?? null, r.note ?? null);
      const id = Number(lastInsertRowid);
      const fig = this.db.prepare('INSERT INTO figures (run_id, phase, metric, value) VALUES (?, ?, ?, ?)');
      for (const [phase, metrics] of Object.entries(r.figures)) for (const [metric, value] of Object.entries(metrics)) if (value !== null && Number.isFinite(value)) fig.run(id, phase, metric, value);
      const gm = this.db.prepare('INSERT INTO gate_metrics (run_id, metric, value, lo, hi, verdict, pair_sd, pairs, aa) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
      for (const g of r.gate ?? []) gm.run(id, g.metric, finite(g.value), finite(g.lo), finite(g.hi), g.verdict, finite(g.pairSd), g.pairs, g.aa ? 1 : 0);
      return id;
    });
    return insert();
  }

  runs(limit = 1000): StoredRun[] {
    return this.db.prepare('SELECT id, kind, at, commit_sha AS "commit", dirty, scenario, fingerprint, verdict, note FROM runs ORDER BY at DESC, id DESC LIMIT ?').all(limit) as StoredRun[];
  }

  figures(): { runId: number; kind: RunKind; at: string; commit: string | null; scenario: string; fingerprint: string; phase: string; metric: string; value: number }[] {
    return this.db
      .prepare('SELECT f.run_id AS runId, r.kind, r.at, r.commit_sha AS "commit", r.scenario, r.fingerprint, f.phase, f.metric, f.value FROM figures f JOIN runs r ON r.id = f.run_id ORDER BY r.at, r.id')
      .all() as ReturnType<HistoryDb['figures']>;
  }

  /**
   * The gate's noise per metric from its A/A runs on this fingerprint: the pooled SD of one pair's effect
   * (weighted by degrees of freedom) over runs with at least two pairs; null below `minRuns` such runs.
   */
  noisePrior(fingerprint: string, metric: string, minRuns = 3, scenario?: string): NoisePrior | null {
    // A scenario names the gate's way of measuring (its dataset, how it interleaves): noise of one way says
    // nothing about another's.
    const rows = this.db
      .prepare(`SELECT g.pair_sd AS sd, g.pairs AS pairs FROM gate_metrics g JOIN runs r ON r.id = g.run_id WHERE r.fingerprint = ? AND g.metric = ? AND g.aa = 1 AND g.pair_sd IS NOT NULL AND g.pairs >= 2${scenario === undefined ? '' : ' AND r.scenario = ?'}`)
      .all(...[fingerprint, metric, ...(scenario === undefined ? [] : [scenario])]) as { sd: number; pairs: number }[];
    if (rows.length < minRuns) return null;
    const df = rows.reduce((s, r) => s + r.pairs - 1, 0);
    const variance = rows.reduce((s, r) => s + (r.pairs - 1) * r.sd ** 2, 0) / df;
    return { sd: Math.sqrt(variance), df, runs: rows.length };
  }

  close(): void {
    this.db.close();
  }
}
