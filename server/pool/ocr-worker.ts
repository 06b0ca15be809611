/**
 * One piscina worker: one engine (models loaded once), warmed before it says ready, and, with batching
 * on, a dynamic batcher between the pipeline and the recogniser so lines of the requests this worker
 * holds at once share model runs. Errors are returned as data because OcrError does not survive the
 * structured clone between threads.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { createEngine, type OcrEngine } from '../ocr/engine.ts';
import type { ProfileName } from '../ocr/profiles.ts';
import type { LineImage, RecognizedText } from '../ocr/engine-api.ts';
import { isOcrError } from '../ocr/errors.ts';
import { runtimeVersion } from '../ocr/inference-session.ts';
import { createCpuBurner } from '../calibration/cpu-burn.ts';
import { createBatcher } from './batcher.ts';
import { injectFault } from './debug-faults.ts';
import { epochNow, TASK_SLOTS, type OcrTask, type OcrTaskResult, type WorkerEvent, type WorkerInit } from './worker-protocol.ts';

const init = workerData as WorkerInit;
// One line of text each (480x96 and 480x48): the page's job is the page path, a second line only cost
// recognizer time and warmed nothing new.
const WARM_UP_PAGE = new URL('./warm-up/page.jpg', import.meta.url);
const WARM_UP_LINE = new URL('./warm-up/line.png', import.meta.url);
const post = (e: WorkerEvent) => parentPort?.postMessage(e);

/**
 * One engine per profile (server/ocr/profiles.ts): the server's own, loaded and warmed before ready, and the
 * other one created on the first request that asks for it (?profile=), so a server that never gets such a
 * request holds only its own models (docs/decisions/fast-profile.md).
 */
const makeEngine = (profile: ProfileName) =>
  createEngine({
    profile,
    threads: init.threads,
    // Batching off leaves the engine's own recogniser settings, so answers equal the engine's.
    recBatchSize: init.batching ? init.maxBatch : undefined,
    limitSideLen: init.limitSideLen,
    recRereadBelow: init.rereadBelow,
    recRereadPages: init.rereadPages,
    maxPixels: init.maxPixels,
    maxBytes: init.maxBytes,
    maxDetPixels: init.maxDetPixels,
    maxRecFrames: init.maxRecFrames,
    maxLineFrames: init.maxLineFrames,
    manifestPath: init.manifestPath,
    manifest: init.manifest,
    precision: init.precision,
    wrapRecognizer: init.batching
      ? (recognize) =>
          createBatcher<LineImage, RecognizedText>({
            maxBatch: init.maxBatch,
            // The engine's recogniser sorts what it gets by aspect ratio and cuts it into model runs of
            // at most maxBatch (recBatchSize) itself, so hand it everything pending: more to sort means
            // less padding, and a lone request's lines reach it exactly as they would without batching.
            maxTake: Infinity,
            maxWaitMs: init.maxWaitMs,
            run: recognize,
            onBatch: (info) => post({ type: 'batch', ...info }),
          }).submit
      : undefined,
  });

const ownProfile: ProfileName = init.profile ?? 'accurate';
const t0 = performance.now();
let engine: Awaited<ReturnType<typeof createEngine>>;
try {
  engine = await makeEngine(ownProfile);
} catch (e) {
  post({ type: 'load-failed', threadId, message: (e as Error).message });
  throw e;
}
const engines = new Map<ProfileName, Promise<OcrEngine>>([[ownProfile, Promise.resolve(engine)]]);
const engineFor = (profile: ProfileName | undefined): Promise<OcrEngine> => {
  const p = profile ?? ownProfile;
  let e = engines.get(p);
  if (!e) {
    e = makeEngine(p);
    // A failed load is not kept: the next request for that profile tries again.
    e.catch(() => engines.delete(p));
    engines.set(p, e);
  }
  return e;
};
const loadMs = performance.now() - t0;
await warmUp();
// After the warm-up: its CPU is not a request's.
const burner = createCpuBurner(init.calibrationBurnPct ?? 0, init.calibrationLedger);
post({
  type: 'ready',
  threadId,
  loadMs,
  warmMs: performance.now() - t0 - loadMs,
  models: engine.models,
  engine: engine.config,
  versions: { onnxruntime: runtimeVersion, sharp: sharp.versions.sharp, vips: sharp.versions.vips },
});

/**
 * onnxruntime's first runs allocate and plan, and its arena grows to the largest input seen so far: with a
 * small warm-up page the first large request of each worker paid several times the detector time of the
 * requests after it. So the detector first runs once at the largest input the defaults give a page (zeros: model
 * time depends on shape, not content; the recognizer needs no such run, its first wide line costs what later
 * ones do), then a small real page and a line go through the whole pipeline (sharp's decoders, DB
 * post-processing, cropping, CTC decoding, the classifier). Reading a full 1280×960 page with text instead
 * paid its recognizer, crops and SVG rendering as well (docs/decisions/warm-up.md).
 *
 * The page and the line are small files beside this module (a JPEG and a PNG, the decoders requests use),
 * not SVG rendered at start: librsvg and fontconfig cost every worker time at each start and no request
 * needs them warm.
 */
async function warmUp(): Promise<void> {
  await engine.warmUpModels();
  const [page, line] = await Promise.all([WARM_UP_PAGE, WARM_UP_LINE].map(async (u) => new Uint8Array(await readFile(u))));
  // The page without the classifier: its lines are voted upside down, and the orientation step would read
  // it at all four turns. The line warms the classifier.
  await engine.recognize(page, { mode: 'page', cls: false });
  await engine.recognize(line, { mode: 'line', cls: true });
}

export default async function run(task: OcrTask): Promise<OcrTaskResult> {
  const startedAt = epochNow();
  const slots = task.stop ? new Int32Array(task.stop) : undefined;
  // Before anything that can hang (a fault, the pipeline): the watchdog finds this worker by it.
  if (slots) Atomics.store(slots, TASK_SLOTS.threadId, threadId);
  if (task.fault && init.debugFaults) injectFault(task.fault);
  const signal = slots ? { get aborted() { return Atomics.load(slots, TASK_SLOTS.stop) !== 0; } } : undefined;
  try {
    const result = await (await engineFor(task.profile)).recognize(task.image, { ...task.options, signal });
    // Calibration of the CI gate only (off by default): the burn counts in the request's total.
    result.timings.total += burner.settle();
    return { ok: true, result, startedAt, finishedAt: epochNow() };
  } catch (e) {
    // The client gets our own sentence; the library's text (libvips, onnxruntime) only goes to the log.
    const cause = (e as Error)?.cause ?? (isOcrError(e) ? undefined : e);
    const detail = cause === undefined ? undefined : ((cause as Error)?.message ?? String(cause));
    if (isOcrError(e)) return { ok: false, code: e.code, status: e.status, message: e.message, detail, startedAt, finishedAt: epochNow() };
    return { ok: false, code: 'internal_error', status: 500, message: 'internal error while reading the image', detail, startedAt, finishedAt: epochNow() };
  }
}
