import { parseThresholds, type Threshold } from '../gate/threshold-parse.ts';
import type { EffectiveScenario, PhasePlan } from '../results/schema.ts';
import { scenarioQuery } from '../scenario/scenario-query.ts';

/** A dataset item as the script needs it: its id and the path k6's open() reads it from. */
export interface K6Item {
  id: string;
  /** Path relative to the script's folder (k6 resolves open() against the script), so the pair can move together. */
  file: string;
}

export interface ExportOptions {
  /** Default target base URL; `k6 run -e TARGET=...` overrides it. */
  target?: string;
  /** Multipart field of the image (default image). */
  field?: string;
}

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', tif: 'image/tiff', tiff: 'image/tiff', bmp: 'image/bmp' };

const s = (ms: number) => `${Math.max(0, Math.round(ms))}ms`;

/**
 * One k6 scenario per phase, started at the phase's offset and tagged with the phase name, so each
 * phase's requests form k6 submetrics (`http_req_duration{phase:40 users}`) just as our phases do.
 * A step is exact with constant-vus/constant-arrival-rate; a ramp uses ramping-vus from the previous
 * phase's users. gracefulStop is 0 so a phase's stragglers do not spill into the next one.
 */
function k6Scenario(p: PhasePlan, startMs: number, prevVus: number): Record<string, unknown> {
  const common = { startTime: s(startMs), gracefulStop: '0s', tags: { phase: p.name }, exec: 'ocr' };
  if (p.model === 'open') {
    const maxVUs = p.maxInFlight ?? 256;
    // k6 spaces arrivals evenly; a Poisson plan (ours) becomes constant spacing at the same mean rate.
    return { executor: 'constant-arrival-rate', rate: Math.round((p.rate ?? 1) * 1000), timeUnit: '1000s', duration: s(p.durationMs), preAllocatedVUs: Math.min(maxVUs, p.connections ?? 64), maxVUs, ...common };
  }
  const vus = p.vus ?? 1;
  if (p.rampMs > 0) {
    return { executor: 'ramping-vus', startVUs: prevVus, stages: [{ duration: s(p.rampMs), target: vus }, { duration: s(p.durationMs - p.rampMs), target: vus }], gracefulRampDown: '0s', ...common };
  }
  return { executor: 'constant-vus', vus, duration: s(p.durationMs), ...common };
}

/** Our thresholds in k6's form; the ones k6 cannot measure come back as comments. */
function k6Thresholds(scenario: EffectiveScenario): { thresholds: Record<string, unknown[]>; skipped: string[] } {
  const thresholds: Record<string, unknown[]> = {};
  const skipped: string[] = [];
  const parsed = parseThresholds(scenario.thresholds);
  const list: Threshold[] = parsed.ok ? parsed.value : parsed.partial ?? [];
  if (!parsed.ok) skipped.push(...parsed.errors.map((e) => `does not parse: ${e}`));
  const add = (key: string, expr: string, abortOnFail: boolean) => (thresholds[key] ??= []).push(abortOnFail ? { threshold: expr, abortOnFail: true } : expr);
  for (const t of list) {
    const phase = t.phase === undefined ? undefined : scenario.phases.find((p) => p.name === t.phase || String(p.vus) === t.phase || String(p.rate) === t.phase)?.name;
    if (t.phase !== undefined && !phase) {
      skipped.push(`${t.source}: no such phase`);
      continue;
    }
    const tag = phase ? `{phase:${phase}}` : '';
    const value = `${t.op}${t.value}`;
    const k = t.metric.kind;
    if (k === 'percentile') add(`http_req_duration${tag}`, `p(${t.metric.q})${value}`, t.abortOnFail);
    else if (k === 'avg' || k === 'med' || k === 'min' || k === 'max') add(`http_req_duration${tag}`, `${k}${value}`, t.abortOnFail);
    else if (k === 'error_rate') add(`http_req_failed${tag}`, `rate${value}`, t.abortOnFail);
    // k6's http_reqs rate is over the whole test, also for a phase's submetric: only a global one means the same.
    else if (k === 'qps' && !phase && scenario.phases.length === 1) add('http_reqs', `rate${value}`, t.abortOnFail);
    else skipped.push(`${t.source}: k6 does not measure ${k === 'qps' ? 'per-phase throughput' : k} (gate it with npm run report -- --from-k6)`);
  }
  // A no-op threshold per phase makes k6 keep the phase's submetrics in its summary, which
  // `npm run report -- --from-k6` turns back into per-phase statistics.
  for (const p of scenario.phases) {
    for (const [metric, expr] of [['http_req_duration', 'max>=0'], ['http_reqs', 'count>=0'], ['http_req_failed', 'rate>=0']]) {
      (thresholds[`${metric}{phase:${p.name}}`] ??= []).push(expr);
    }
  }
  return { thresholds, skipped };
}

/**
 * Writes a k6 script equivalent to a scenario: the phases as k6 scenarios, the thresholds, think time,
 * and the multipart image POST over the dataset's files, picked by k6's seeded Math.random.
 */
export function exportK6(scenario: EffectiveScenario, datasetItems: readonly K6Item[], { target = 'http://127.0.0.1:8080', field = 'image' }: ExportOptions = {}): string {
  const scenarios: Record<string, unknown> = {};
  // The same request the bench sends our server: only what the scenario sets (scenario-query.ts).
  const query = new URLSearchParams(scenarioQuery(scenario)).toString();
  let t = 0;
  let prev = 0;
  scenario.phases.forEach((p, i) => {
    scenarios[`phase_${i + 1}`] = k6Scenario(p, t, prev);
    t += p.durationMs;
    prev = p.vus ?? prev;
  });
  const { thresholds, skipped } = k6Thresholds(scenario);
  const think = Object.fromEntries(scenario.phases.map((p) => [p.name, p.thinkMs ? [p.thinkMs.min / 1000, p.thinkMs.max / 1000] : [0, 0]]));
  const files = datasetItems.map((it) => [it.id, it.file, MIME[it.file.split('.').pop()!.toLowerCase()] ?? 'application/octet-stream']);
  const plan = scenario.phases.map((p) => ({ name: p.name, durationMs: p.durationMs, vus: p.vus, rate: p.rate, thinkMs: p.thinkMs ? (p.thinkMs.min + p.thinkMs.max) / 2 : null }));
  const j = (v: unknown) => JSON.stringify(v, null, 2);
  return `// k6 script generated by ocrbench from scenario "${scenario.name}": ${scenario.description}
// Run:    k6 run -e TARGET=http://host:8080 script.js
// Report: npm run report -- --from-k6 summary.json
// Phases: ${scenario.phases.map((p) => `${p.name} for ${p.durationMs / 1000} s`).join(', ')}.
// Warm-up slices are not excluded here (k6 has no such notion): ocrbench's own run excludes them.
${skipped.map((x) => `// Threshold not expressible in k6: ${x}\n`).join('')}import http from 'k6/http';
import { check, randomSeed, sleep } from 'k6';
import exec from 'k6/execution';
import { open as openFile, SeekMode } from 'k6/experimental/fs';

const TARGET = __ENV.TARGET || ${j(target)};
const URL = TARGET.replace(/\\/$/, '') + '/api/ocr${query ? `?${query}` : ''}';
const FIELD = ${j(field)};
/** [sample id, file, content type] of every dataset item the run may send. */
const FILES = ${JSON.stringify(files)};
const THINK_S = ${JSON.stringify(think)};
const PLAN = ${JSON.stringify(plan)};

randomSeed(${scenario.seed});
// k6/experimental/fs loads each image once and shares it between VUs; the global open() would give every
// VU its own copy of every image (k6 docs, open()). Each VU gets a handle of its own to seek and read.
// The init context takes no top-level await, hence k6's documented async wrapper.
/** @type {{ id: string, name: string, type: string, file: import('k6/experimental/fs').File, size: number }[]} */
const IMAGES = [];
(async function () {
  for (const [id, path, type] of FILES) {
    const file = await openFile(path);
    IMAGES.push({ id, name: path.split('/').pop(), type, file, size: (await file.stat()).size });
  }
})();

/** The image's bytes, read from the shared file into a buffer for this one request. */
async function readImage(img) {
  const buf = new Uint8Array(img.size);
  await img.file.seek(0, SeekMode.Start);
  for (let n = 0; n < buf.length; ) {
    const got = await img.file.read(buf.subarray(n));
    if (!got) break;
    n += got;
  }
  return buf.buffer;
}

export const options = {
  scenarios: ${j(scenarios).replace(/\n/g, '\n  ')},
  thresholds: ${j(thresholds).replace(/\n/g, '\n  ')},
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)'],
};

export async function ocr() {
  const img = IMAGES[Math.floor(Math.random() * IMAGES.length)];
  const res = http.post(URL, { [FIELD]: http.file(await readImage(img), img.name, img.type) }, { tags: { sample: img.id }, timeout: '${Math.round(scenario.requestTimeoutMs / 1000)}s' });
  check(res, { 'status is 200': (r) => r.status === 200 });
  const phase = exec.scenario.name ? (PLAN[Number(exec.scenario.name.split('_')[1]) - 1] || {}).name : '';
  const [min, max] = THINK_S[phase] || [0, 0];
  if (max > 0) sleep(min + Math.random() * (max - min));
}

export default ocr;

export function handleSummary(data) {
  // The phase plan rides along so the report can rebuild per-phase statistics.
  data.ocrbench = { scenario: ${j(scenario.name)}, dataset: ${j(scenario.dataset)}, mode: ${j(scenario.mode)}, url: URL, phases: PLAN };
  return { 'summary.json': JSON.stringify(data, null, 2), stdout: 'summary written to summary.json; render it with: npm run report -- --from-k6 summary.json\\n' };
}
`;
}
