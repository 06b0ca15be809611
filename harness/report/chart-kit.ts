import type { TopLevelSpec } from 'vega-lite';
import type { PhaseBand } from './series.ts';

/** One chart of the report: a vega-lite spec with its data inlined, or a note saying why it is absent. */
export interface ChartDef {
  id: string;
  title: string;
  caption: string;
  spec: TopLevelSpec | null;
  /** Shown instead of the chart when spec is null. */
  missing?: string;
}

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const WIDTH = 500;
export const HEIGHT = 220;

/** Percentile colours kept the same in every chart. */
export const PERCENTILE_COLORS = { domain: ['p50', 'p95', 'p99'], range: ['#4c78a8', '#f58518', '#e45756'] };

type Layer = Record<string, unknown>;

/** Shaded phase bands with their names, drawn under a time-series layer. */
export function bandLayers(bands: PhaseBand[]): Layer[] {
  return [
    {
      data: { values: bands },
      mark: { type: 'rect', opacity: 0.1, tooltip: true },
      encoding: {
        x: { field: 'start', type: 'quantitative', title: 'time since load start (s)' },
        x2: { field: 'end' },
        color: { field: 'phase', type: 'nominal', legend: null, scale: { scheme: 'tableau10' }, sort: bands.map((b) => b.phase) },
      },
    },
    {
      data: { values: bands },
      mark: { type: 'rule', strokeDash: [2, 2], color: '#999' },
      encoding: { x: { field: 'measuredFrom', type: 'quantitative' }, tooltip: [{ field: 'phase' }, { field: 'measuredFrom', title: 'measured from (s)' }] },
    },
    {
      data: { values: bands },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: 10, color: '#555' },
      encoding: { x: { field: 'start', type: 'quantitative' }, y: { value: 0 }, text: { field: 'phase' } },
    },
  ];
}

export function chart(id: string, title: string, caption: string, spec: Record<string, unknown> | null, missing?: string): ChartDef {
  // Legends below the plot, so a long stage or phase name never widens a chart past its grid cell.
  const config = { legend: { orient: 'bottom', direction: 'horizontal', columns: 4, labelLimit: 260, title: null }, axis: { labelFontSize: 11, titleFontSize: 11 } };
  return { id, title, caption, spec: spec ? ({ $schema: SCHEMA, config, ...spec } as TopLevelSpec) : null, missing };
}
