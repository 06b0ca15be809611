/**
 * The only module that imports onnxruntime-node: everything else sees float tensors in and out, so the
 * runtime can be swapped or upgraded in one place, and runtime failures become our own error code.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { OcrError } from './errors.ts';

export interface Tensor {
  data: Float32Array;
  dims: readonly number[];
}

export interface ModelSession {
  readonly inputName: string;
  readonly outputName: string;
  run(input: Tensor): Promise<Tensor>;
  release(): Promise<void>;
}

export interface SessionOptions {
  /** Intra-op threads; the server runs one session set per worker, so 1 keeps workers from fighting for cores. */
  threads: number;
  /**
   * The model's sha256 (the manifest's): with it, the graph onnxruntime optimized is kept in the cache
   * folder and the next start loads it instead of optimizing again (see optimizedModelPath).
   */
  sha256?: string;
}

export const runtimeVersion: string = ort.env.versions.node ?? ort.env.versions.common;

const GRAPH_OPTIMIZATION = 'all' as const;

function baseOptions(threads: number): ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: GRAPH_OPTIMIZATION,
    executionMode: 'sequential',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    // Shapes change with every image, so memory patterns are never reused; planning them only grows RSS
    // (real-public pages twice: 812 MB with, 582 MB without). The arena stays: turning it off cost 10-25%.
    enableMemPattern: false,
  };
}

/**
 * What the optimized graph depends on besides the model: 'all' rewrites convolutions into the layouts and
 * kernels of this CPU (NCHWc blocks sized by its vector width), so a graph optimized on one CPU can be
 * wrong or slow on another. The key is the CPU's identity and feature flags, the runtime's version and the
 * optimization level; a different machine, an upgrade or another level optimizes anew.
 */
function cpuFingerprint(): string {
  let cpu = `${process.arch} ${cpus()[0]?.model ?? ''}`;
  try {
    // The first processor's block: vendor, family, model, stepping and flags (Linux).
    const first = readFileSync('/proc/cpuinfo', 'utf8').split(/\n\s*\n/)[0];
    cpu += first.split('\n').filter((l) => /^(vendor_id|cpu family|model|model name|stepping|flags|Features|CPU implementer|CPU part)\s*:/.test(l)).join('\n');
  } catch {
    // Not Linux: the model name above.
  }
  return `${cpu}\nonnxruntime ${runtimeVersion}\nlevel ${GRAPH_OPTIMIZATION}`;
}

let fingerprint: string | undefined;

/**
 * Where the optimized graph of a model is kept, or undefined with no cache: OCRBENCH_ORT_CACHE names the
 * folder (`off` turns it off), else $XDG_CACHE_HOME/ocrbench/ort or ~/.cache/ocrbench/ort. Creating a
 * session from the saved graph skips onnxruntime's optimization passes, a good part of each worker's
 * session creation and so of the cold start (docs/decisions/warm-up.md).
 */
function optimizedModelPath(id: string, sha256: string | undefined): string | undefined {
  const setting = process.env.OCRBENCH_ORT_CACHE;
  if (!sha256 || setting === 'off') return undefined;
  const dir = setting || path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'ocrbench', 'ort');
  fingerprint ??= cpuFingerprint();
  const key = createHash('sha256').update(`${sha256}\n${fingerprint}`).digest('hex').slice(0, 24);
  return path.join(dir, `${id.replace(/[^\w.-]/g, '_')}-${key}.onnx`);
}

/** One call for a path (the cached graph) or bytes (the manifest's model): the runtime's overloads differ. */
async function create(model: Uint8Array | string, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  return typeof model === 'string' ? ort.InferenceSession.create(model, options) : ort.InferenceSession.create(model, options);
}

export async function createModelSession(model: Uint8Array, id: string, { threads, sha256 }: SessionOptions): Promise<ModelSession> {
  const options = baseOptions(threads);
  const cached = optimizedModelPath(id, sha256);
  let session: ort.InferenceSession | undefined;
  if (cached && existsSync(cached)) {
    try {
      // Already optimized for this CPU and runtime: running the passes again would only cost time.
      session = await create(cached, { ...options, graphOptimizationLevel: 'disabled' });
    } catch {
      // Unreadable (cut short, another runtime's): optimize the model again below and replace it.
      rmSync(cached, { force: true });
    }
  }
  if (!session) {
    let saveTo: string | undefined;
    if (cached) {
      try {
        mkdirSync(path.dirname(cached), { recursive: true });
        // Written under a name of its own, then renamed: workers and servers starting together never
        // read half a file.
        saveTo = `${cached}.${process.pid}-${threadId}.tmp`;
      } catch {
        saveTo = undefined; // no writable cache folder: just no cache
      }
    }
    try {
      if (saveTo) {
        try {
          // Saving an NCHWc graph makes onnxruntime warn that it is tied to this CPU: the key above says so.
          session = await create(model, { ...options, optimizedModelFilePath: saveTo, logSeverityLevel: 3 });
          renameQuietly(saveTo, cached!);
        } catch {
          // Perhaps only the save failed (a full disk): a bad model fails again just below, with its reason.
          rmSync(saveTo, { force: true });
        }
      }
      session ??= await create(model, options);
    } catch (cause) {
      throw new OcrError('model_missing', `model ${id} cannot be loaded by onnxruntime: ${(cause as Error).message}`, { cause });
    }
  }
  const [inputName] = session.inputNames;
  const [outputName] = session.outputNames;
  return {
    inputName,
    outputName,
    async run({ data, dims }) {
      try {
        const out = await session.run({ [inputName]: new ort.Tensor('float32', data, dims as number[]) });
        const t = out[outputName];
        return { data: t.data as Float32Array, dims: t.dims };
      } catch (cause) {
        // onnxruntime's own text stays in the cause, for the log; the client gets our sentence.
        throw new OcrError('inference_failed', `model ${id} failed on input ${dims.join('x')}`, { cause });
      }
    },
    release: () => session.release(),
  };
}

function renameQuietly(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    rmSync(from, { force: true });
  }
}
