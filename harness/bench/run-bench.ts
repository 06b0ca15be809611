import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { Pool, request } from 'undici';
import { loadDataset } from '../../datasets/lib/load.ts';
import { scoreRun, type ScoredResponse } from '../accuracy/score-responses.ts';
import type { TimedPhase } from '../load/load-context.ts';
import type { RequestRecord, TimingRecord } from '../load/request-record.ts';
import { runLoad } from '../load/run-load.ts';
import { AbortGroup, sendRequest } from '../load/send-request.ts';
import { createMultipartTarget, type PreparedRequest, type Target } from '../load/target.ts';
import { createSampleStream, pickSamples } from '../plan/pick-samples.ts';
import { startResourceSampler, type ResourceSampler } from '../resources/resource-sampler.ts';
import { RESULTS_SCHEMA_VERSION, validateResults, type EffectiveScenario, type RunResults } from '../results/schema.ts';
import { computePhaseStats } from '../stats/phase-stats.ts';
import { summarizeLatency } from '../stats/latency-stats.ts';
import { bucketThroughput } from '../stats/time-series.ts';
import { collectEnvironment } from './environment.ts';
import { createJsonlWriter } from './jsonl-writer.ts';
import { createProgress } from './progress.ts';
import { startServer, type StartedServer } from './start-server.ts';
import { summarizeRun } from './summary.ts';
import { checkValidity } from './validity.ts';

export type BenchTarget =
  | { kind: 'embedded'; serverArgs: string[]; command?: string[] }
  | { kind: 'url'; url: string; field: string; textPath: string; linesPath: string | null };

export interface BenchOptions {
  root: string;
  scenario: EffectiveScenario;
  runId: string;
  outDir: string;
  target: BenchTarget;
  /** Single-user accuracy pass before the load: this many distinct samples (0 skips it). */
  baselineSamples: number;
  seeds: RunResults['seeds'];
  /** Ctrl-C: stop the load, keep what was measured. */
  stop: AbortSignal;
  command: string[];
  write: (text: string) => void;
  isTTY?: boolean;
}

/**
 * One bench run end to end: dataset, server, single-user baseline, load, then statistics and
 * accuracy from the records, results.json. Ctrl-C at any point still writes what was measured.
 */
export async function runBench(o: BenchOptions): Promise<RunResults> {
  const startedAt = new Date().toISOString();
  await mkdir(o.outDir, { recursive: true });
  const requestsPath = path.join(o.outDir, 'requests.jsonl');
  const serverLog = o.target.kind === 'embedded' ? path.join(o.outDir, 'server.log') : null;
  const { scenario } = o;

  const dataset = await loadDataset(scenario.dataset);
  const labels = new Map(dataset.items.map((i) => [i.id, i]));
  const allIds = dataset.items.map((i) => i.id);
  const used = scenario.samplePool ? [...new Set(pickSamples(allIds, Math.min(scenario.samplePool, allIds.length), o.seeds.samples))] : allIds;

  let server: StartedServer | null = null;
  let sampler: ResourceSampler | null = null;
  let status: RunResults['status'] = 'complete';
  let statusReason: string | null = null;
  let info: Record<string, unknown> | null = null;
  let target: Target | null = null;
  const timing: TimingRecord[] = [];
  const baselineRecords: RequestRecord[] = [];
  let phases: TimedPhase[] = [];
  let stoppedAt: number | null = null;
  let t0 = performance.now();
  const now = () => performance.now() - t0;
  const jsonl = createJsonlWriter(requestsPath);
  const inFlight = { count: 0 };

  try {
    if (o.target.kind === 'embedded') {
      o.write(`starting the server (cache ${scenario.cache}) ...\n`);
      server = await startServer({ cwd: o.root, logPath: serverLog!, args: ['--cache', scenario.cache, ...o.target.serverArgs], command: o.target.command, signal: o.stop });
      o.write(`server ready on ${server.url} after ${(server.coldStartMs / 1000).toFixed(1)} s (cold start)\n`);
      target = createMultipartTarget({ url: `${server.url}/api/ocr`, query: { mode: scenario.mode, cls: String(scenario.cls) } });
    } else {
      target = createMultipartTarget({ url: o.target.url, field: o.target.field, textPath: o.target.textPath, linesPath: o.target.linesPath });
    }
    info = await fetchInfo(target.origin);

    const requests = new Map<string, PreparedRequest>();
    for (const id of used) {
      const item = labels.get(id)!;
      requests.set(id, target.prepare(id, await readFile(path.join(dataset.dir, item.file)), item.file));
    }

    if (o.baselineSamples > 0 && !o.stop.aborted) {
      const ids = pickSamples(used, Math.min(o.baselineSamples, used.length), o.seeds.samples ^ 0x5eed);
      o.write(`single-user accuracy pass over ${ids.length} samples ...\n`);
      baselineRecords.push(...(await runBaseline(target, requests, ids, now, scenario.requestTimeoutMs, o.stop)));
    }

    if (!o.stop.aborted) {
      // t0: load starts now; the baseline moves to negative times on the same axis.
      const shift = performance.now() - t0;
      t0 += shift;
      for (const r of baselineRecords) shiftRecord(r, -shift);
      for (const r of baselineRecords) jsonl.write(r);
      let currentPhase: TimedPhase | null = null;
      sampler = startResourceSampler({ pid: server?.pid ?? null, now, phaseAt: () => currentPhase?.name ?? null });
      const progress = createProgress(scenario.phases.length, now, o.write, o.isTTY ?? false, () => sampler?.samples.at(-1)?.server?.cpu ?? null, inFlight);
      const outcome = await runLoad({
        scenario,
        target,
        requests,
        nextSample: createSampleStream(used, o.seeds.samples),
        seeds: o.seeds,
        now,
        stop: o.stop,
        inFlight,
        onPhase: (p) => ((currentPhase = p), progress.onPhase(p)),
        onRecord: (r) => {
          jsonl.write(r);
          const { text: _t, lines: _l, ...rest } = r;
          timing.push(rest);
          progress.onRecord(r);
        },
      });
      progress.stop();
      phases = outcome.phases;
      stoppedAt = outcome.stoppedAt;
    }
    if (o.stop.aborted) {
      status = 'interrupted';
      statusReason = 'stopped by the user (Ctrl-C)';
    }
  } catch (err) {
    status = o.stop.aborted ? 'interrupted' : 'failed';
    statusReason = err instanceof Error ? err.message : String(err);
    if (status === 'failed') o.write(`bench failed: ${statusReason}\n`);
  } finally {
    await sampler?.stop();
    await server?.stop();
    await jsonl.close();
  }

  const resources = sampler?.samples ?? [];
  // A phase that never started (Ctrl-C before it) has no statistics.
  const ran = phases.filter((p) => stoppedAt === null || p.startMs < stoppedAt);
  const accuracy = scoreRun(await readResponses(requestsPath), labels);
  const phaseStats = ran.map((p) => {
    const stats = computePhaseStats(p, timing, resources, stoppedAt);
    const a = accuracy.phases.get(p.name);
    return { ...stats, accuracy: a?.accuracy ?? null, accuracyChange: a?.change ?? null };
  });
  const baselineOk = baselineRecords.filter((r) => r.errorKind === null);
  const models = Array.isArray(info?.models) ? (info.models as RunResults['models']).filter((m) => m && typeof m.id === 'string') : [];
  const results: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: o.runId,
    status,
    statusReason,
    startedAt,
    finishedAt: new Date().toISOString(),
    command: o.command,
    scenario,
    seeds: o.seeds,
    target: {
      kind: o.target.kind,
      url: target?.url ?? (o.target.kind === 'url' ? o.target.url : ''),
      field: target?.field ?? 'image',
      textPath: target?.textPath ?? 'text',
      linesPath: target?.linesPath ?? null,
    },
    environment: collectEnvironment(o.root),
    dataset: { name: dataset.name, hash: dataset.hash, items: dataset.items.length, used: used.length },
    models: models.map((m) => ({ id: String(m.id), role: String(m.role ?? ''), sha256: String(m.sha256 ?? '') })),
    server: {
      config: (info?.config as unknown) ?? null,
      info,
      args: o.target.kind === 'embedded' ? ['--cache', scenario.cache, ...o.target.serverArgs] : [],
      coldStartMs: server?.coldStartMs ?? null,
      pid: server?.pid ?? null,
    },
    phases: phaseStats,
    baseline: baselineRecords.length
      ? {
          samples: baselineRecords.length,
          errors: baselineRecords.length - baselineOk.length,
          latency: summarizeLatency(baselineOk.map((r) => r.doneAt! - r.sentAt!)),
          accuracy: accuracy.baseline ?? { scored: 0, lineItems: 0, pageItems: 0, cer: null, lineExact: null, pageF1: null, pageCer: null },
        }
      : null,
    summary: summarizeRun(phaseStats, server?.coldStartMs ?? null),
    validity: checkValidity(phaseStats, status === 'interrupted'),
    timeSeries: { resourceIntervalMs: 500, resources, throughput: bucketThroughput(timing, phases) },
    files: { requests: 'requests.jsonl', serverLog: serverLog ? 'server.log' : null },
  };
  if (status === 'failed') results.validity = { ...results.validity, verdict: 'INVALID', reasons: [...results.validity.reasons, `run failed: ${statusReason}`] };
  const check = validateResults(results);
  if (!check.ok) throw new Error(`results do not match the schema (a harness bug):\n${check.problems.join('\n')}`);
  await writeFile(path.join(o.outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/** GET /api/info for model hashes and the effective server config; null if the target has none. */
async function fetchInfo(origin: string): Promise<Record<string, unknown> | null> {
  try {
    const res = await request(`${origin}/api/info`, { headersTimeout: 5000, bodyTimeout: 5000 });
    const body = await res.body.text();
    return res.statusCode === 200 ? (JSON.parse(body) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The single-user pass: one request at a time, no think time, phase "baseline". */
async function runBaseline(target: Target, requests: ReadonlyMap<string, PreparedRequest>, ids: string[], now: () => number, timeoutMs: number, stop: AbortSignal): Promise<RequestRecord[]> {
  const client = new Pool(target.origin, { connections: 1 });
  const abort = new AbortGroup(stop);
  const out: RequestRecord[] = [];
  try {
    for (const [seq, sampleId] of ids.entries()) {
      if (stop.aborted) break;
      const r = await sendRequest(client, target, requests.get(sampleId)!, { now, timeoutMs, abort });
      out.push({ seq, phase: 'baseline', warmup: false, sampleId, late: false, scheduledAt: r.sentAt, ...r });
    }
  } finally {
    await client.destroy().catch(() => undefined);
  }
  return out;
}

function shiftRecord(r: RequestRecord, by: number) {
  r.scheduledAt += by;
  if (r.sentAt !== null) r.sentAt += by;
  if (r.firstByteAt !== null) r.firstByteAt += by;
  if (r.doneAt !== null) r.doneAt += by;
}

async function readResponses(file: string): Promise<ScoredResponse[]> {
  const out: ScoredResponse[] = [];
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) out.push(JSON.parse(line) as ScoredResponse);
  return out;
}
