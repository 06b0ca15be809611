import { sumReplicas } from '../resources/prometheus-series.ts';
import type { RunResults } from '../results/schema.ts';
import { bandLayers, chart, WIDTH, type ChartDef } from './chart-kit.ts';
import { phaseBands } from './series.ts';

/** `http://127.0.0.1:4100/metrics` → `127.0.0.1:4100`: short enough for a legend. */
const label = (source: string) => {
  try {
    return new URL(source).host;
  } catch {
    return source;
  }
};

/**
 * CPU and RSS of every replica over time, from its Prometheus /metrics, with their sum: the same chart
 * for the embedded server (one replica) and a cluster behind a balancer. Null (no chart at all) for a
 * run from before the per-replica series existed.
 */
export function replicasOverTime(results: RunResults): ChartDef | null {
  const samples = results.timeSeries.replicas;
  if (samples === undefined) return null;
  const title = 'Server replicas over time (from /metrics)';
  const intervalMs = results.timeSeries.resourceIntervalMs;
  const rows = samples.filter((s) => s.t >= 0);
  if (rows.length === 0) return chart('replicas-time', title, '', null, 'no replica answered on /metrics (pass --metrics URL, one per replica)');
  const sources = [...new Set(rows.map((s) => label(s.source)))];
  const total = sources.length > 1 ? 'sum of replicas' : null;
  const totals = total ? sumReplicas(rows, intervalMs) : [];
  const cpu = [
    ...rows.filter((s) => s.cpu !== null).map((s) => ({ t: s.t / 1000, series: label(s.source), pct: s.cpu })),
    ...totals.filter((x) => x.cpu !== null).map((x) => ({ t: x.t / 1000, series: total!, pct: x.cpu })),
  ];
  const rss = [
    ...rows.filter((s) => s.rss !== null).map((s) => ({ t: s.t / 1000, series: label(s.source), mib: s.rss! / 2 ** 20 })),
    ...totals.filter((x) => x.rss !== null).map((x) => ({ t: x.t / 1000, series: total!, mib: x.rss! / 2 ** 20 })),
  ];
  const held = rows.filter((s) => s.inFlight !== null || s.queueDepth !== null).map((s) => ({ t: s.t / 1000, series: label(s.source), requests: (s.inFlight ?? 0) + (s.queueDepth ?? 0) }));
  const down = rows.filter((s) => !s.up).map((s) => ({ t: s.t / 1000, series: label(s.source) }));
  const domain = total ? [...sources, total] : sources;
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain, scheme: 'category10' } };
  const bands = bandLayers(phaseBands(results));
  const panel = (values: unknown[], y: string, yTitle: string, height: number) => ({
    width: WIDTH,
    height,
    layer: [
      ...bands,
      { data: { values }, mark: { type: 'line', tooltip: true }, encoding: { x: { field: 't', type: 'quantitative' }, y: { field: y, type: 'quantitative', title: yTitle }, color } },
      ...(down.length ? [{ data: { values: down }, mark: { type: 'tick', color: '#e45756', thickness: 2 }, encoding: { x: { field: 't', type: 'quantitative' }, tooltip: [{ field: 'series', title: 'no answer from' }, { field: 't', title: 's' }] } }] : []),
    ],
    resolve: { scale: { color: 'independent' } },
  });
  const where = sources.join(', ');
  return chart(
    'replicas-time',
    title,
    `Scraped every ${intervalMs} ms from ${where}: CPU as % of one core from process_cpu_seconds_total (the whole process, its worker threads included), RSS from process_resident_memory_bytes${total ? ', each replica and their sum' : ''}; below, requests each replica holds (in flight + queued). Red ticks: a scrape got no answer (replica down).`,
    { vconcat: [panel(cpu, 'pct', 'CPU (% of one core)', 150), panel(rss, 'mib', 'RSS (MiB)', 110), ...(held.length ? [panel(held, 'requests', 'held requests', 90)] : [])] },
  );
}
