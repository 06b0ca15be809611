import type { RunAccuracy } from '../accuracy/score-responses.ts';
import type { TimedPhase } from '../load/load-context.ts';
import type { RequestRecord, TimingRecord } from '../load/request-record.ts';
import { RESULTS_SCHEMA_VERSION, type ResourceSample, type RunResults } from '../results/schema.ts';
import { summarizeLatency } from '../stats/latency-stats.ts';
import { computePhaseStats } from '../stats/phase-stats.ts';
import { bucketThroughput } from '../stats/time-series.ts';
import { summarizeRun } from './summary.ts';
import { checkValidity, type SelfCheckLimits } from './validity.ts';

export interface AssembleInput extends Pick<RunResults, 'runId' | 'status' | 'statusReason' | 'startedAt' | 'command' | 'scenario' | 'seeds' | 'target' | 'environment' | 'dataset'> {
  /** GET /api/info's answer. */
  info: Record<string, unknown> | null;
  /** The embedded server (nulls for --target, or when it never started). */
  server: { coldStartMs: number | null; pid: number | null; args: string[] };
  phases: TimedPhase[];
  stoppedAt: number | null;
  timing: readonly TimingRecord[];
  resources: ResourceSample[];
  accuracy: RunAccuracy;
  baselineRecords: readonly RequestRecord[];
  serverLog: string | null;
  /** Self-check limits changed from the defaults (--loop-delay-limit). */
  selfCheck?: Partial<SelfCheckLimits>;
  finishedAt?: string;
}

const NO_ACCURACY = { scored: 0, lineItems: 0, pageItems: 0, cer: null, lineExact: null, pageF1: null, pageCer: null };

/** Everything measured, as one results object (pure apart from the finish time). */
export function assembleResults(a: AssembleInput): RunResults {
  // A phase that never started (Ctrl-C before it) has no statistics.
  const ran = a.phases.filter((p) => a.stoppedAt === null || p.startMs < a.stoppedAt);
  const phases = ran.map((p) => {
    const found = a.accuracy.phases.get(p.name);
    return { ...computePhaseStats(p, a.timing, a.resources, a.stoppedAt), accuracy: found?.accuracy ?? null, accuracyChange: found?.change ?? null };
  });
  const baselineOk = a.baselineRecords.filter((r) => r.errorKind === null);
  const rawModels = Array.isArray(a.info?.models) ? (a.info.models as Record<string, unknown>[]) : [];
  const validity = checkValidity(phases, a.status === 'interrupted', a.selfCheck);
  if (a.status === 'failed') validity.verdict = 'INVALID';
  if (a.status === 'failed') validity.reasons.push(`run failed: ${a.statusReason}`);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: a.runId,
    status: a.status,
    statusReason: a.statusReason,
    startedAt: a.startedAt,
    finishedAt: a.finishedAt ?? new Date().toISOString(),
    command: a.command,
    scenario: a.scenario,
    seeds: a.seeds,
    target: a.target,
    environment: a.environment,
    dataset: a.dataset,
    models: rawModels
      .filter((m) => m && typeof m.id === 'string')
      .map((m) => ({ id: String(m.id), role: String(m.role ?? ''), sha256: String(m.sha256 ?? ''), ...(m.precision ? { precision: String(m.precision) } : {}) })),
    server: {
      config: (a.info?.config as unknown) ?? null,
      info: a.info,
      args: a.server.args,
      coldStartMs: a.server.coldStartMs,
      pid: a.server.pid,
    },
    phases,
    baseline: a.baselineRecords.length
      ? {
          samples: a.baselineRecords.length,
          errors: a.baselineRecords.length - baselineOk.length,
          latency: summarizeLatency(baselineOk.map((r) => r.doneAt! - r.sentAt!)),
          accuracy: a.accuracy.baseline ?? NO_ACCURACY,
        }
      : null,
    summary: summarizeRun(phases, a.server.coldStartMs),
    validity,
    timeSeries: { resourceIntervalMs: 500, resources: a.resources, throughput: bucketThroughput(a.timing, a.phases) },
    files: { requests: 'requests.jsonl', serverLog: a.serverLog },
  };
}
