import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { loadDataset } from '../../datasets/lib/load.ts';
import { scoreRun, type ScoredResponse } from '../accuracy/score-responses.ts';
import type { TimedPhase } from '../load/load-context.ts';
import type { RequestRecord, TimingRecord } from '../load/request-record.ts';
import { runLoad } from '../load/run-load.ts';
import { createMultipartTarget, type PreparedRequest, type Target } from '../load/target.ts';
import { createSampleStream, pickSamples } from '../plan/pick-samples.ts';
import { startServerMetrics, type ServerMetrics } from '../resources/prometheus-run.ts';
import { startResourceSampler, type ResourceSampler } from '../resources/resource-sampler.ts';
import { validateResults, type EffectiveScenario, type RunResults } from '../results/schema.ts';
import { assembleResults } from './assemble-results.ts';
import { fetchInfo, runBaseline, shiftRecord } from './baseline-pass.ts';
import { collectEnvironment } from './environment.ts';
import { createFailFast } from './fail-fast.ts';
import { createJsonlWriter } from './jsonl-writer.ts';
import { preflight } from './preflight.ts';
import { createProgress } from './progress.ts';
import { recordBench } from '../history/record-run.ts';
import { startServer, type StartedServer } from './start-server.ts';
import type { SelfCheckLimits } from './validity.ts';

export type BenchTarget =
  | { kind: 'embedded'; serverArgs: string[]; command?: string[]; nice?: number }
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
  /** `--metrics` URLs, one per replica; none: the target's own /metrics when it answers. */
  metrics?: string[];
  /** Self-check limits changed from the defaults (--loop-delay-limit). */
  selfCheck?: Partial<SelfCheckLimits>;
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
  let serverMetrics: ServerMetrics | null = null;
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
  // A target whose first answers are all errors stops the run: status failed, exit 1.
  const failFast = new AbortController();
  const watchErrors = createFailFast();
  const stopLoad = AbortSignal.any([o.stop, failFast.signal]);
  const observe = (r: RequestRecord) => {
    const reason = watchErrors(r);
    if (reason && !o.stop.aborted) failFast.abort(new Error(reason));
  };

  try {
    if (o.target.kind === 'embedded') {
      o.write(`starting the server (cache ${scenario.cache}) ...\n`);
      server = await startServer({ cwd: o.root, logPath: serverLog!, args: ['--cache', scenario.cache, ...o.target.serverArgs], command: o.target.command, nice: o.target.nice, signal: o.stop });
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

    // Another service's URL may be wrong: one request says so in seconds, before any load.
    if (o.target.kind === 'url' && !o.stop.aborted) {
      const problem = await preflight(target, requests.values().next().value!, scenario.requestTimeoutMs);
      if (problem) throw new Error(`preflight: ${problem}`);
    }

    if (o.baselineSamples > 0 && !o.stop.aborted) {
      const ids = pickSamples(used, Math.min(o.baselineSamples, used.length), o.seeds.samples ^ 0x5eed);
      o.write(`single-user accuracy pass over ${ids.length} samples ...\n`);
      baselineRecords.push(...(await runBaseline(target, requests, ids, now, scenario.requestTimeoutMs, o.stop)));
      baselineRecords.forEach(observe);
      // Fewer samples than the watch needs, all failed: as broken as ten.
      if (baselineRecords.length && baselineRecords.every((r) => r.errorKind !== null) && !failFast.signal.aborted) {
        failFast.abort(new Error(`every answer of the single-user pass was an error (${[...new Set(baselineRecords.map((r) => r.errorKind))].join(', ')}): check the target and the server's log`));
      }
    }

    if (!stopLoad.aborted) {
      // t0: load starts now; the baseline moves to negative times on the same axis.
      const shift = performance.now() - t0;
      t0 += shift;
      for (const r of baselineRecords) shiftRecord(r, -shift);
      for (const r of baselineRecords) jsonl.write(r);
      let currentPhase: TimedPhase | null = null;
      sampler = startResourceSampler({ pid: server?.pid ?? null, now, phaseAt: () => currentPhase?.name ?? null });
      serverMetrics = await startServerMetrics({ urls: o.metrics ?? [], origin: target.origin, now, phaseAt: () => currentPhase?.name ?? null });
      if (serverMetrics.urls.length) o.write(`server metrics from ${serverMetrics.urls.join(', ')}\n`);
      const progress = createProgress(scenario.phases.length, now, o.write, o.isTTY ?? false, () => sampler?.samples.at(-1)?.server?.cpu ?? serverMetrics?.latestCpu() ?? null, inFlight);
      const outcome = await runLoad({
        scenario,
        target,
        requests,
        nextSample: createSampleStream(used, o.seeds.samples),
        seeds: o.seeds,
        now,
        stop: stopLoad,
        inFlight,
        onPhase: (p) => ((currentPhase = p), progress.onPhase(p)),
        onRecord: (r) => {
          jsonl.write(r);
          observe(r);
          const { text: _t, lines: _l, ...rest } = r;
          timing.push(rest);
          progress.onRecord(r);
        },
      });
      progress.stop();
      phases = outcome.phases;
      stoppedAt = outcome.stoppedAt;
    }
    if (failFast.signal.aborted && !o.stop.aborted) {
      status = 'failed';
      statusReason = (failFast.signal.reason as Error).message;
      o.write(`bench failed: ${statusReason}\n`);
    } else if (o.stop.aborted) {
      status = 'interrupted';
      statusReason = 'stopped by the user (Ctrl-C)';
    }
  } catch (err) {
    status = o.stop.aborted ? 'interrupted' : 'failed';
    statusReason = err instanceof Error ? err.message : String(err);
    if (status === 'failed') o.write(`bench failed: ${statusReason}\n`);
  } finally {
    await sampler?.stop();
    await serverMetrics?.stop();
    await server?.stop();
    await jsonl.close();
  }

  const resources = sampler?.samples ?? [];
  const fromMetrics = serverMetrics?.finish(resources);
  const results = assembleResults({
    runId: o.runId,
    status,
    statusReason,
    startedAt,
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
    info,
    server: { coldStartMs: server?.coldStartMs ?? null, pid: server?.pid ?? null, args: o.target.kind === 'embedded' ? ['--cache', scenario.cache, ...o.target.serverArgs] : [] },
    phases,
    stoppedAt,
    timing,
    resources,
    accuracy: scoreRun(await readResponses(requestsPath), labels),
    baselineRecords,
    serverLog: serverLog ? 'server.log' : null,
    selfCheck: o.selfCheck,
  });
  if (fromMetrics) Object.assign(results.timeSeries, fromMetrics);
  const check = validateResults(results);
  if (!check.ok) throw new Error(`results do not match the schema (a harness bug):\n${check.problems.join('\n')}`);
  await writeFile(path.join(o.outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  recordBench(results);
  return results;
}

async function readResponses(file: string): Promise<ScoredResponse[]> {
  const out: ScoredResponse[] = [];
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) out.push(JSON.parse(line) as ScoredResponse);
  return out;
}
