import type { ManifestData } from '../models/manifest.ts';
import type { EffectiveEngineConfig } from '../ocr/engine-api.ts';
import type { ProfileName } from '../ocr/profiles.ts';
import type { ModelInfo, OcrResult, RecognizeOptions } from '../ocr/types.ts';
import type { BatchInfo } from './batcher.ts';
import type { DebugFault } from './debug-faults.ts';

/** What every worker is started with (piscina's workerData). */
export interface WorkerInit {
  threads: number;
  /** The server's --profile: the engine loaded before ready (server/ocr/profiles.ts). */
  profile?: ProfileName;
  batching: boolean;
  maxBatch: number;
  maxWaitMs: number;
  limitSideLen?: number;
  rereadBelow?: number;
  rereadPages?: 'off' | 'han' | 'all';
  maxPixels: number;
  maxBytes: number;
  /** Work budget per request (server/ocr/work-budget.ts); unset leaves the engine's. */
  maxDetPixels?: number;
  maxRecFrames?: number;
  maxLineFrames?: number;
  manifestPath?: string;
  /** The manifest at manifestPath as the main thread read and checked it (workers then need no zod). */
  manifest?: ManifestData;
  precision?: 'int8' | 'fp32';
  /** --debug-faults: honour the fault-injection header (debug-faults.ts). */
  debugFaults: boolean;
  /** CI gate calibration only: burn this % of the process's request CPU (server/calibration/cpu-burn.ts). */
  calibrationBurnPct?: number;
  /** The workers' shared burn ledger (createBurnLedger), with calibrationBurnPct. */
  calibrationLedger?: SharedArrayBuffer;
}

export interface OcrTask {
  image: Uint8Array;
  options: RecognizeOptions;
  /** ?profile=: undefined is the worker's own (WorkerInit.profile); the other one is loaded on first use. */
  profile?: ProfileName;
  /** Fault injection, honoured only with --debug-faults (debug-faults.ts). */
  fault?: DebugFault;
  /**
   * A shared Int32Array (TASK_SLOTS): the pool sets `stop` to 1 once the answer is no longer wanted
   * (deadline passed, client gone), and the worker stops at its next stage, line or window boundary and
   * takes its next task; the worker writes its thread id to `threadId` when it starts the task, for the
   * pool's hung-task watchdog.
   */
  stop?: SharedArrayBuffer;
}

/** Times are epoch milliseconds (performance.timeOrigin + now()), comparable across threads. */
export type OcrTaskResult =
  | { ok: true; result: OcrResult; startedAt: number; finishedAt: number }
  | { ok: false; code: string; status: number; message: string; startedAt: number; finishedAt: number; detail?: string };

/** Messages a worker posts to the pool (piscina re-emits them as the pool's 'message' event). */
export type WorkerEvent =
  | { type: 'ready'; threadId: number; loadMs: number; warmMs: number; models: ModelInfo[]; engine: EffectiveEngineConfig; versions: Record<string, string> }
  | { type: 'load-failed'; threadId: number; message: string }
  | ({ type: 'batch' } & BatchInfo);

/** Int32 slots of OcrTask.stop. */
export const TASK_SLOTS = { stop: 0, threadId: 1, bytes: 8 } as const;

export const epochNow = (): number => performance.timeOrigin + performance.now();
