import { createReadStream } from 'node:fs';
import { recordBench } from '../history/record-run.ts';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { scoreRun, type ScoredResponse } from '../accuracy/score-responses.ts';
import type { Target } from '../load/target.ts';
import { validateResults, type RunResults } from '../results/schema.ts';
import { judgeSlo } from '../slo/judge-slo.ts';
import { parseSlo } from '../slo/parse-slo.ts';
import { assembleResults } from './assemble-results.ts';
import type { BenchOptions } from './bench-options.ts';
import { collectEnvironment } from './environment.ts';
import type { Measured } from './load-step.ts';
import type { PreparedRun } from './prepare-run.ts';
import { REDACTED, redactCommand } from './redact.ts';
import type { StartedServer } from './start-server.ts';
import type { StartedTarget } from './start-target.ts';

export interface RunOutcome {
  startedAt: string;
  status: RunResults['status'];
  statusReason: string | null;
  server: StartedServer | null;
  started: StartedTarget | null;
}

/** How the requests went, for results.json: header names only, never their values. */
export function describeTarget(o: BenchOptions, target: Target | null): RunResults['target'] {
  const headers = o.target.kind === 'url' ? Object.keys(o.target.headers ?? {}).map((k) => `${k}: ${REDACTED}`) : [];
  const url = target?.url ?? (o.target.kind === 'url' ? o.target.url : '');
  return {
    kind: o.target.kind,
    url,
    field: target?.field ?? 'image',
    textPath: target?.textPath ?? 'text',
    linesPath: target?.linesPath ?? null,
    body: target?.body ?? 'multipart',
    headers,
    query: Object.fromEntries(url ? new URL(url).searchParams : []),
  };
}

/**
 * Step 4 of a run: statistics, accuracy and the SLO verdict from the records, one results object,
 * checked against the schema and written as results.json.
 */
export async function finishRun(o: BenchOptions, prepared: PreparedRun, m: Measured, run: RunOutcome): Promise<RunResults> {
  const { scenario } = o;
  const resources = m.sampler?.samples ?? [];
  const fromMetrics = m.serverMetrics?.finish(resources);
  const { dataset } = prepared;
  const results = assembleResults({
    runId: o.runId,
    status: run.status,
    statusReason: run.statusReason,
    startedAt: run.startedAt,
    command: redactCommand(o.command),
    scenario,
    seeds: o.seeds,
    target: describeTarget(o, run.started?.target ?? null),
    environment: collectEnvironment(o.root),
    dataset: { name: dataset.name, hash: dataset.hash, items: dataset.items.length + dataset.unlabelled.length, used: prepared.used.length, labelled: dataset.items.length },
    info: run.started?.info ?? null,
    server: { coldStartMs: run.server?.coldStartMs ?? null, pid: run.server?.pid ?? null, args: o.target.kind === 'embedded' ? ['--cache', scenario.cache, ...o.target.serverArgs] : [] },
    phases: m.phases,
    stoppedAt: m.stoppedAt,
    timing: m.timing,
    resources,
    accuracy: scoreRun(await readResponses(prepared.requestsPath), prepared.labels),
    baselineRecords: m.baselineRecords,
    serverLog: prepared.serverLog ? 'server.log' : null,
    selfCheck: o.selfCheck,
  });
  if (fromMetrics) Object.assign(results.timeSeries, fromMetrics);
  const slo = scenario.slo ? parseSlo(scenario.slo) : null;
  results.slo = slo?.ok ? judgeSlo(slo.slo, results.phases, m.timing) : null;
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
