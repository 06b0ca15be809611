import type { AccuracySummary } from '../accuracy/summarize.ts';
import type { ScoredItem } from '../accuracy/score-items.ts';
import type { EngineInfo, ReadMode } from './engines/engine-types.ts';
import type { FiguresSpread, PassFigures, Spread } from './figures.ts';

/** Everything one `npm run compare` measured: what compare.json holds and every renderer reads. */
export interface CompareResult {
  id: string;
  startedAt: string;
  finishedAt: string;
  command: string[];
  machine: {
    cpuModel: string;
    cores: number;
    memoryBytes: number;
    os: string;
    node: string;
    /** os.loadavg() (1, 5, 15 min) just before the first engine started, and after the last. */
    loadavgBefore: number[];
    loadavgAfter: number[];
    busy: boolean;
  };
  warnings: string[];
  dataset: { name: string; hash: string; lines: number; pages: number; limit: number | null };
  settings: {
    repeat: number;
    /** Least length of a timed pass (--min-seconds). */
    minSeconds: number;
    /** Length of one engine's turn before the next engine reads (SLICE_MS). */
    turnSeconds: number;
    processCounts: number[];
    reference: string;
    /** The reference engine's second copy (--aa), whose ratio to it is the run's noise floor; null without. */
    aaTwin?: string | null;
    warmup: string;
    order: string;
    env: Record<string, string>;
  };
  engines: (EngineInfo & { status: 'ok' | 'skipped' | 'failed'; reason: string | null })[];
  rows: SpeedRow[];
  accuracy: AccuracyRow[];
}

export interface SpeedRow {
  engine: string;
  mode: ReadMode;
  processes: number;
  runs: PassFigures[];
  spread: FiguresSpread;
  /** images/s against the reference engine's, same mode and process count: the median of the repeat-by-repeat ratios (pairedRatio). */
  throughputRatio: number | null;
  /** The repeat-by-repeat ratios behind throughputRatio: median, min, max (pairedRatio). */
  throughputRatioSpread: Spread | null;
}

export interface AccuracyRow {
  engine: string;
  mode: ReadMode;
  /** max(0, 1 − CER) for lines, mean page F1 for pages (the chart's y). */
  headline: number | null;
  overall: AccuracySummary;
  byLang: Record<string, AccuracySummary>;
  byCategory: Record<string, AccuracySummary>;
  errors: { id: string; error: string }[];
  items: ScoredItem[];
}
