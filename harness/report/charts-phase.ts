import type { PhaseSamples } from '../gate/requests.ts';
import type { RunResults } from '../results/schema.ts';
import { chart, HEIGHT, PERCENTILE_COLORS, WIDTH, type ChartDef } from './chart-kit.ts';
import type { Knee } from './knee.ts';
import { cdfFromStats, cdfPoints } from './series.ts';

/** Charts with one mark (or group) per phase. */

const phaseAxis = (results: RunResults) => ({
  field: 'phase',
  type: 'nominal',
  sort: results.phases.map((p) => p.name),
  title: 'phase',
  axis: { labelAngle: 0 },
});

export function latencyPerPhase(results: RunResults, baseline?: RunResults): ChartDef {
  const rows = (r: RunResults, run: string) =>
    r.phases.flatMap((p) => {
      const s = p.correctedLatency ?? p.latency;
      return (['p50', 'p95', 'p99'] as const).filter((k) => s[k] !== null).map((k) => ({ phase: p.name, percentile: k, ms: s[k]!, run, series: `${k} ${run}` }));
    });
  const values = [...rows(results, 'this run'), ...(baseline ? rows(baseline, 'baseline') : [])];
  const title = 'Latency per phase';
  if (values.length === 0) return chart('latency-phase', title, '', null, 'no phase has a latency figure');
  return chart('latency-phase', title, `p50/p95/p99 per phase (${results.phases.some((p) => p.correctedLatency) ? 'corrected latency where the open model measured it, else ' : ''}service time); a missing bar means insufficient samples${baseline ? '; pale bars are the baseline run' : ''}.`, {
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: phaseAxis(results),
      xOffset: { field: 'series', type: 'nominal', sort: values.map((v) => v.series).filter((v, i, a) => a.indexOf(v) === i) },
      y: { field: 'ms', type: 'quantitative', title: 'latency (ms)' },
      color: { field: 'percentile', type: 'nominal', scale: PERCENTILE_COLORS, title: null },
      opacity: { condition: { test: "datum.run === 'baseline'", value: 0.4 }, value: 1 },
    },
  });
}

export function latencyCdf(results: RunResults, samples: Map<string, PhaseSamples> | undefined): ChartDef {
  const fromRecords = samples && samples.size > 0;
  const values = fromRecords ? cdfPoints(results, samples) : cdfFromStats(results);
  const title = 'Latency distribution per phase';
  if (values.length === 0) return chart('latency-cdf', title, '', null, 'no latency figures');
  const kinds = new Set(values.map((v) => v.kind));
  return chart('latency-cdf', title, `Cumulative share of requests answered within a latency${fromRecords ? ' (every measured request)' : ' (through the phase percentiles only: no per-request records)'}${kinds.size > 1 ? '; solid = service time, dashed = corrected for coordinated omission (from the scheduled send)' : ''}.`, {
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', interpolate: fromRecords ? 'linear' : 'step-after', tooltip: true },
    encoding: {
      x: { field: 'ms', type: 'quantitative', title: 'latency (ms)' },
      y: { field: 'fraction', type: 'quantitative', title: 'share of requests', axis: { format: '%' } },
      color: { field: 'phase', type: 'nominal', sort: results.phases.map((p) => p.name), scale: { scheme: 'tableau10' } },
      strokeDash: { field: 'kind', type: 'nominal', legend: kinds.size > 1 ? { title: null } : null },
    },
  });
}

export function errorsPerPhase(results: RunResults): ChartDef {
  const values = results.phases.flatMap((p) => Object.entries(p.errors.byKind).filter(([, n]) => n > 0).map(([kind, n]) => ({ phase: p.name, kind, rate: p.requests.completed ? n / p.requests.completed : 0, count: n })));
  if (results.phases.length === 0) return chart('errors-phase', 'Error rate per phase by kind', '', null, 'no phase was run');
  const none = values.length === 0;
  const rows = none ? results.phases.map((p) => ({ phase: p.name, kind: 'none', rate: 0, count: 0 })) : values;
  return chart('errors-phase', 'Error rate per phase by kind', none ? 'No request failed in any phase.' : 'Failed requests / finished requests per phase, stacked by error code (server codes and transport kinds).', {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: phaseAxis(results),
          y: { field: 'rate', type: 'quantitative', title: 'error rate', axis: { format: '.1%' }, stack: 'zero', ...(none ? { scale: { domain: [0, 0.01] } } : {}) },
          color: { field: 'kind', type: 'nominal', title: 'kind', scale: { scheme: 'set2' } },
        },
      },
      ...(none
        ? [{ data: { values: rows }, mark: { type: 'text', dy: -8, color: '#54a24b' }, encoding: { x: phaseAxis(results), y: { value: HEIGHT - 4 }, text: { value: '0 errors' } } }]
        : []),
    ],
  });
}

export function accuracyPerPhase(results: RunResults): ChartDef {
  const metrics: { key: 'pageF1' | 'cer'; label: string }[] = [
    { key: 'pageF1', label: 'page F1' },
    { key: 'cer', label: 'line CER' },
  ];
  const values = results.phases.flatMap((p) => metrics.filter((m) => p.accuracy?.[m.key] != null).map((m) => ({ phase: p.name, metric: m.label, value: p.accuracy![m.key]! })));
  const base = results.baseline ? metrics.filter((m) => results.baseline!.accuracy[m.key] !== null).map((m) => ({ metric: m.label, value: results.baseline!.accuracy[m.key]! })) : [];
  const title = 'Accuracy per phase vs the single-user pass';
  if (values.length === 0) return chart('accuracy-phase', title, '', null, 'no responses were scored (no labels or no successful answers)');
  const color = { field: 'metric', type: 'nominal', title: null, scale: { domain: metrics.map((m) => m.label), range: ['#4c78a8', '#e45756'] } };
  return chart('accuracy-phase', title, `Accuracy of the answers under load per phase; the dashed lines are the same figures from the single-user pass run first${base.length ? '' : ' (not run)'}. Page F1: higher is better; CER: lower is better.`, {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      { data: { values }, mark: { type: 'bar', tooltip: true }, encoding: { x: phaseAxis(results), xOffset: { field: 'metric' }, y: { field: 'value', type: 'quantitative', title: 'score', scale: { domain: [0, 1] } }, color } },
      ...(base.length
        ? [
            { data: { values: base }, mark: { type: 'rule', strokeDash: [6, 3], strokeWidth: 2 }, encoding: { y: { field: 'value', type: 'quantitative' }, color } },
            { data: { values: base.map((b) => ({ ...b, label: `single user: ${b.value.toFixed(3)}` })) }, mark: { type: 'text', align: 'right', dy: -6, x: WIDTH - 4 }, encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' }, color } },
          ]
        : []),
    ],
  });
}

/** Pipeline order, so stacks read bottom-up like a request flows. */
const STAGE_ORDER = ['queue', 'decode', 'preprocess', 'detect', 'boxes', 'crop', 'classify', 'recognize'];

export function stagesPerPhase(results: RunResults): ChartDef {
  const values = results.phases.flatMap((p) => {
    const b = p.breakdown;
    const stages = Object.entries(b.stages).filter(([k]) => k !== 'total').map(([stage, ms]) => ({ phase: p.name, stage, ms }));
    return b.rest !== null ? [...stages, { phase: p.name, stage: 'rest (network, parsing, harness)', ms: Math.max(0, b.rest) }] : stages;
  });
  const title = 'Where the time goes, per phase';
  if (values.length === 0) return chart('stages-phase', title, '', null, 'the target sent no Server-Timing header');
  const known = [...STAGE_ORDER, ...values.map((v) => v.stage).filter((s) => !STAGE_ORDER.includes(s))].filter((s, i, a) => a.indexOf(s) === i && values.some((v) => v.stage === s));
  return chart('stages-phase', title, 'Mean milliseconds per request in each server stage (from Server-Timing) and the rest of the client latency, stacked.', {
    width: WIDTH,
    height: HEIGHT,
    data: { values: values.map((v) => ({ ...v, order: known.indexOf(v.stage) })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: phaseAxis(results),
      y: { field: 'ms', type: 'quantitative', title: 'mean ms per request', stack: 'zero' },
      color: { field: 'stage', type: 'nominal', sort: known, scale: { scheme: 'tableau10' } },
      order: { field: 'order', type: 'quantitative' },
    },
  });
}

export function throughputVsLatency(results: RunResults, knee: Knee, baseline?: RunResults): ChartDef {
  const points = (r: RunResults, run: string) =>
    r.phases.map((p) => {
      const s = p.correctedLatency ?? p.latency;
      const ms = s.p95 ?? s.p90;
      return ms === null ? null : { phase: p.name, qps: p.throughput.okPerSec, ms, percentile: s.p95 !== null ? 'p95' : 'p90 (p95 insufficient)', run, index: p.index, knee: run === 'this run' && p.name === knee.phase };
    }).filter((x) => x !== null);
  const values = [...points(results, 'this run'), ...(baseline ? points(baseline, 'baseline') : [])];
  const title = 'Throughput vs p95 across phases';
  if (values.length === 0) return chart('knee', title, '', null, 'no phase has a p95 or p90');
  const kneeRow = values.filter((v) => v.knee);
  return chart('knee', title, `Each point is a phase (answered req/s, p95 latency); the knee is the ${knee.rule}${knee.phase ? `: ${knee.phase}` : ''}.${values.some((v) => v.percentile !== 'p95') ? ' Hollow points show p90 where p95 had too few samples.' : ''}`, {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: false },
        encoding: {
          x: { field: 'qps', type: 'quantitative', title: 'answered req/s (ok)', scale: { zero: false } },
          y: { field: 'ms', type: 'quantitative', title: values.some((v) => v.percentile !== 'p95') ? 'p95 latency (ms; hollow: p90)' : 'p95 latency (ms)', scale: { zero: false } },
          order: { field: 'index' },
          color: { field: 'run', type: 'nominal', scale: { domain: ['this run', 'baseline'], range: ['#4c78a8', '#bab0ac'] }, legend: baseline ? { title: null } : null },
        },
      },
      {
        data: { values },
        mark: { type: 'point', size: 70, tooltip: true },
        encoding: {
          x: { field: 'qps', type: 'quantitative' },
          y: { field: 'ms', type: 'quantitative' },
          color: { field: 'run', type: 'nominal' },
          fill: { condition: { test: "datum.percentile === 'p95'", field: 'run', type: 'nominal' }, value: 'white' },
        },
      },
      { data: { values: values.filter((v) => v.run === 'this run') }, mark: { type: 'text', dy: -10, fontSize: 10 }, encoding: { x: { field: 'qps', type: 'quantitative' }, y: { field: 'ms', type: 'quantitative' }, text: { field: 'phase' } } },
      ...(kneeRow.length
        ? [
            { data: { values: kneeRow }, mark: { type: 'point', shape: 'diamond', size: 400, color: '#e45756', strokeWidth: 2.5 }, encoding: { x: { field: 'qps', type: 'quantitative' }, y: { field: 'ms', type: 'quantitative' } } },
            { data: { values: kneeRow }, mark: { type: 'text', dx: -14, align: 'right', color: '#e45756', fontWeight: 'bold' }, encoding: { x: { field: 'qps', type: 'quantitative' }, y: { field: 'ms', type: 'quantitative' }, text: { value: 'knee' } } },
          ]
        : []),
    ],
  });
}
