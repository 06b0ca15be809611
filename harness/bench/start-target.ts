import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTarget, type PreparedRequest, type Target } from '../load/target.ts';
import { scenarioQuery } from '../scenario/scenario-query.ts';
import { fetchInfo } from './baseline-pass.ts';
import type { BenchOptions } from './bench-options.ts';
import { preflight } from './preflight.ts';
import type { PreparedRun } from './prepare-run.ts';
import { startServer, type StartedServer } from './start-server.ts';

export interface StartedTarget {
  target: Target;
  info: Record<string, unknown> | null;
  requests: Map<string, PreparedRequest>;
}

/** Whether GET /api/info answered like our server (its effective config and models). */
const isOurServer = (info: Record<string, unknown> | null) => !!info && typeof info.config === 'object' && Array.isArray(info.models);

/**
 * Step 2 of a run: the embedded server started (handed to `onServer` at once, so the caller stops it
 * whatever happens next), or the --target reached; every request body encoded once; for --target,
 * one preflight request, so a wrong URL, field or token fails in seconds.
 */
export async function startTarget(o: BenchOptions, prepared: PreparedRun, onServer: (s: StartedServer) => void): Promise<StartedTarget> {
  const { scenario } = o;
  let target: Target;
  let info: Record<string, unknown> | null;
  if (o.target.kind === 'embedded') {
    o.write(`starting the server (cache ${scenario.cache}) ...\n`);
    const server = await startServer({ cwd: o.root, logPath: prepared.serverLog!, args: ['--cache', scenario.cache, ...o.target.serverArgs], command: o.target.command, nice: o.target.nice, signal: o.stop });
    onServer(server);
    o.write(`server ready on ${server.url} after ${(server.coldStartMs / 1000).toFixed(1)} s (cold start)\n`);
    target = createTarget({ url: `${server.url}/api/ocr`, query: scenarioQuery(scenario) });
    info = await fetchInfo(target.origin);
  } else {
    const t = o.target;
    info = await fetchInfo(new URL(t.url).origin);
    // Our server behind --target gets the embedded run's request; what the URL already says stays.
    const given = new URL(t.url).searchParams;
    const ours = Object.entries(isOurServer(info) ? scenarioQuery(scenario) : {}).filter(([k]) => !given.has(k));
    const query = { ...Object.fromEntries(ours), ...t.query };
    target = createTarget({ url: t.url, field: t.field, textPath: t.textPath, linesPath: t.linesPath, body: t.body, headers: t.headers, query });
  }
  const requests = new Map<string, PreparedRequest>();
  for (const id of prepared.used) {
    const file = prepared.files.get(id)!;
    requests.set(id, target.prepare(id, await readFile(path.join(prepared.dataset.dir, file)), file));
  }
  // Another service's URL may be wrong: one request says so in seconds, before any load.
  if (o.target.kind === 'url' && !o.stop.aborted) {
    const problem = await preflight(target, requests.values().next().value!, scenario.requestTimeoutMs);
    if (problem) throw new Error(`preflight: ${problem}`);
  }
  return { target, info, requests };
}
