import type { RunResults } from '../results/schema.ts';
import type { BenchOptions } from './bench-options.ts';
import { finishRun, type RunOutcome } from './finish-run.ts';
import { createJsonlWriter } from './jsonl-writer.ts';
import { emptyMeasured, loadStep } from './load-step.ts';
import { prepareRun } from './prepare-run.ts';
import { startTarget } from './start-target.ts';

export type { BenchOptions, BenchTarget } from './bench-options.ts';

/**
 * One bench run end to end, in four steps: prepare (dataset, run folder), start (server or target,
 * request bodies, preflight), load (single-user pass, phases), finish (statistics, accuracy, SLO,
 * results.json). Ctrl-C or a failure in start or load still writes what was measured; the server
 * is stopped whatever happens.
 */
export async function runBench(o: BenchOptions): Promise<RunResults> {
  const run: RunOutcome = { startedAt: new Date().toISOString(), status: 'complete', statusReason: null, server: null, started: null };
  const prepared = await prepareRun(o);
  const jsonl = createJsonlWriter(prepared.requestsPath);
  const m = emptyMeasured();
  try {
    run.started = await startTarget(o, prepared, (s) => (run.server = s));
    await loadStep(o, prepared, run.started, run.server?.pid ?? null, jsonl, m);
    if (m.failed) {
      run.status = 'failed';
      run.statusReason = m.failed;
      o.write(`bench failed: ${m.failed}\n`);
    } else if (o.stop.aborted) {
      run.status = 'interrupted';
      run.statusReason = 'stopped by the user (Ctrl-C)';
    }
  } catch (err) {
    run.status = o.stop.aborted ? 'interrupted' : 'failed';
    run.statusReason = err instanceof Error ? err.message : String(err);
    if (run.status === 'failed') o.write(`bench failed: ${run.statusReason}\n`);
  } finally {
    await m.sampler?.stop();
    await m.serverMetrics?.stop();
    await run.server?.stop();
    await jsonl.close();
  }
  return finishRun(o, prepared, m, run);
}
