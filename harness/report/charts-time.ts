import type { RequestSample } from '../gate/requests.ts';
import type { RunResults } from '../results/schema.ts';
import { bandLayers, chart, HEIGHT, PERCENTILE_COLORS, WIDTH, type ChartDef } from './chart-kit.ts';
import { latencyWindows, loadSeries, phaseBands, qpsSeries, resourceSeries } from './series.ts';

/** Charts on the run's time axis, each over shaded phase bands. */

export function qpsOverTime(results: RunResults): ChartDef {
  const qps = qpsSeries(results);
  const load = loadSeries(results);
  const title = 'Throughput over time';
  if (qps.length === 0) return chart('qps-time', title, '', null, 'no throughput samples in this run');
  const unit = load[0]?.unit ?? 'users';
  return chart('qps-time', title, `Answered (ok) requests per second (5 s windows, left axis) and the target load in ${unit} (dashed, right axis); the drain after the last phase is not shown.`, {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      ...bandLayers(phaseBands(results)),
      {
        data: { values: qps },
        mark: { type: 'line', color: '#4c78a8', point: { size: 12 }, tooltip: true },
        encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'qps', type: 'quantitative', title: 'answered req/s (ok)', axis: { titleColor: '#4c78a8' } } },
      },
      {
        data: { values: load },
        mark: { type: 'line', color: '#e45756', strokeDash: [5, 3], tooltip: true },
        encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'load', type: 'quantitative', title: unit, axis: { orient: 'right', titleColor: '#e45756' } } },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  });
}

export function latencyOverTime(results: RunResults, records: readonly RequestSample[] | undefined): ChartDef {
  const title = 'Latency over time';
  let values: { t: number; percentile: string; ms: number }[];
  let caption: string;
  let colors: { domain: string[]; range: string[] } = PERCENTILE_COLORS;
  if (records?.length) {
    values = latencyWindows(results, records);
    caption = 'p50/p95/p99 of client latency (send to last byte) in 10 s windows by completion time; a percentile is drawn only where the window has enough samples (5/20/100).';
  } else {
    values = results.timeSeries.throughput.filter((b) => b.t >= 0).flatMap((b) => [
      ...(b.meanMs !== null ? [{ t: b.t / 1000, percentile: 'mean', ms: b.meanMs }] : []),
      ...(b.maxMs !== null ? [{ t: b.t / 1000, percentile: 'max', ms: b.maxMs }] : []),
    ]);
    caption = 'Mean and max client latency per second (no per-request records beside this results.json, so no window percentiles).';
    colors = { domain: ['mean', 'max'], range: ['#4c78a8', '#e45756'] };
  }
  if (values.length === 0) return chart('latency-time', title, '', null, 'no answered requests to plot');
  return chart('latency-time', title, caption, {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      ...bandLayers(phaseBands(results)),
      {
        data: { values },
        mark: { type: 'line', point: { size: 12 }, tooltip: true },
        encoding: {
          x: { field: 't', type: 'quantitative' },
          y: { field: 'ms', type: 'quantitative', title: 'latency (ms)' },
          color: { field: 'percentile', type: 'nominal', scale: colors, title: null },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  });
}

export function resourcesOverTime(results: RunResults): ChartDef {
  const rows = resourceSeries(results);
  const title = 'Server CPU and memory over time';
  if (rows.length === 0) return chart('resources-time', title, '', null, 'no resource samples of the server process (a --target run sees it only through --metrics, and only on this machine)');
  // A --target run on this machine takes the server's figures from its replicas' /metrics.
  const server = results.timeSeries.serverResourcesFrom === 'prometheus' ? 'server (replicas\' /metrics)' : 'server process tree';
  const cpu = rows.flatMap((r) => [
    { t: r.t, series: server, pct: r.serverCpuMachine },
    { t: r.t, series: 'whole machine', pct: r.machineCpu },
  ]);
  const bands = bandLayers(phaseBands(results));
  return chart('resources-time', title, `CPU as % of the whole machine (${results.environment.cores} cores): the server's process tree and everything running; the gap is the harness and other load. Below: the server tree's RSS.`, {
    vconcat: [
      {
        width: WIDTH,
        height: 150,
        layer: [
          ...bands,
          {
            data: { values: cpu },
            mark: { type: 'line', tooltip: true },
            encoding: {
              x: { field: 't', type: 'quantitative' },
              y: { field: 'pct', type: 'quantitative', title: 'CPU (% of machine)', scale: { domain: [0, 100] } },
              color: { field: 'series', type: 'nominal', title: null, scale: { domain: [server, 'whole machine'], range: ['#f58518', '#bab0ac'] } },
            },
          },
        ],
        resolve: { scale: { color: 'independent' } },
      },
      {
        width: WIDTH,
        height: 110,
        layer: [
          ...bands,
          {
            data: { values: rows },
            mark: { type: 'line', color: '#54a24b', tooltip: true },
            encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'rssMiB', type: 'quantitative', title: 'server RSS (MiB)' } },
          },
        ],
      },
    ],
  });
}
