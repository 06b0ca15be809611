import type { TopLevelSpec } from 'vega-lite';
import { SCHEMA } from '../report/chart-kit.ts';
import type { CompareResult } from './compare-result.ts';
import type { ReadMode } from './engines/engine-types.ts';
import { paretoFront } from './figures.ts';

export interface ChartPoint {
  engine: string;
  x: number;
  y: number;
  xMin: number;
  xMax: number;
  pareto: boolean;
}

/** One point per engine: throughput with one process per core (x) against accuracy (y); the front is marked. */
export function chartPoints(r: CompareResult, mode: ReadMode): ChartPoint[] {
  const n = Math.max(...r.settings.processCounts);
  const pts = r.rows
    .filter((x) => x.mode === mode && x.processes === n)
    .flatMap((row) => {
      const y = r.accuracy.find((a) => a.engine === row.engine && a.mode === mode)?.headline;
      const s = row.spread.imagesPerSec;
      return y === null || y === undefined ? [] : [{ engine: row.engine, x: s.median, y, xMin: s.min, xMax: s.max, pareto: false }];
    });
  const front = paretoFront(pts);
  return pts.map((p) => ({ ...p, pareto: front.has(p) }));
}

export function accuracyThroughputSpec(r: CompareResult, mode: ReadMode): TopLevelSpec | null {
  const points = chartPoints(r, mode);
  if (!points.length) return null;
  const n = Math.max(...r.settings.processCounts);
  const front = points.filter((p) => p.pareto).sort((a, b) => a.x - b.x);
  const yTitle = mode === 'line' ? 'line accuracy, max(0, 1 − CER)' : 'page F1';
  const x = { field: 'x', type: 'quantitative', title: `images/s, ${n} process${n > 1 ? 'es' : ''} (median of ${r.settings.repeat})`, scale: { zero: true } } as const;
  const y = { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } } as const;
  return {
    $schema: SCHEMA,
    width: 520,
    height: 300,
    layer: [
      { data: { values: front }, mark: { type: 'line', strokeDash: [4, 3], color: '#2e7d32' }, encoding: { x, y } },
      { data: { values: points }, mark: { type: 'rule', opacity: 0.5 }, encoding: { x: { field: 'xMin', type: 'quantitative' }, x2: { field: 'xMax' }, y } },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 110, tooltip: true },
        encoding: {
          x,
          y,
          color: { field: 'pareto', type: 'nominal', title: 'Pareto front', scale: { domain: [true, false], range: ['#2e7d32', '#9e9e9e'] } },
          shape: { field: 'pareto', type: 'nominal', legend: null, scale: { domain: [true, false], range: ['diamond', 'circle'] } },
        },
      },
      { data: { values: points }, mark: { type: 'text', dx: 8, align: 'left', baseline: 'middle', fontSize: 12 }, encoding: { x, y, text: { field: 'engine' } } },
    ],
  } as TopLevelSpec;
}
