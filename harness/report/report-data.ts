import type { DatasetItem } from '../../datasets/lib/schema.ts';
import { checkGate, type GateResult } from '../gate/check-gate.ts';
import { samplesByPhase, type RequestSample } from '../gate/requests.ts';
import { parseThresholds } from '../gate/threshold-parse.ts';
import { viewFromResults } from '../gate/view-from-results.ts';
import type { RunResults } from '../results/schema.ts';
import type { ChartDef } from './chart-kit.ts';
import { accuracyPerPhase, errorsPerPhase, latencyCdf, latencyPerPhase, stagesPerPhase, throughputVsLatency } from './charts-phase.ts';
import { replicasOverTime } from './charts-replicas.ts';
import { latencyOverTime, qpsOverTime, resourcesOverTime } from './charts-time.ts';
import { findKnee, type Knee } from './knee.ts';
import { slowestRequests, wrongAnswers, type SlowRequest, type WrongAnswer } from './worst.ts';

export interface ReportOptions {
  /** A previous run to compare with; shown side by side with the deltas. */
  baseline?: RunResults;
  /** The gate's verdict; computed here from the scenario's thresholds when not given. */
  gate?: GateResult;
  /** The run's requests.jsonl records: window percentiles, CDFs, worst requests, pooled percentiles. */
  requests?: readonly RequestSample[];
  baselineRequests?: readonly RequestSample[];
  /** The dataset's labeled items, for the wrong-answers table. */
  items?: readonly DatasetItem[];
}

/** Everything the renderers show, derived once from the run. */
export interface ReportData {
  results: RunResults;
  baseline?: RunResults;
  gate: GateResult;
  knee: Knee;
  charts: ChartDef[];
  slowest: SlowRequest[] | null;
  wrong: WrongAnswer[] | null;
}

export function buildReportData(results: RunResults, options: ReportOptions = {}): ReportData {
  const { baseline, requests, baselineRequests, items } = options;
  const gate = options.gate ?? checkGate(results, results.scenario.thresholds, baseline, { requests, baselineRequests });
  const thresholds = gate.outcomes.map((o) => o.threshold);
  const fromScenario = parseThresholds(results.scenario.thresholds);
  const knee = findKnee(viewFromResults(results, requests), thresholds.length ? thresholds : fromScenario.ok ? fromScenario.value : []);
  const samples = requests ? samplesByPhase(results, requests) : undefined;
  const charts = [
    qpsOverTime(results),
    latencyOverTime(results, requests),
    latencyPerPhase(results, baseline),
    latencyCdf(results, samples),
    errorsPerPhase(results),
    resourcesOverTime(results),
    ...[replicasOverTime(results)].filter((c): c is ChartDef => c !== null),
    accuracyPerPhase(results),
    stagesPerPhase(results),
    throughputVsLatency(results, knee, baseline),
  ];
  return {
    results,
    baseline,
    gate,
    knee,
    charts,
    slowest: requests ? slowestRequests(results, requests) : null,
    wrong: requests && items ? wrongAnswers(results, requests, items) : null,
  };
}
