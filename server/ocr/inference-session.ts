/**
 * The only module that imports onnxruntime-node: everything else sees float tensors in and out, so the
 * runtime can be swapped or upgraded in one place, and runtime failures become our own error code.
 */
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
}

export const runtimeVersion: string = ort.env.versions.node ?? ort.env.versions.common;

export async function createModelSession(model: Uint8Array, id: string, { threads }: SessionOptions): Promise<ModelSession> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model, {
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      // Shapes change with every image, so memory patterns are never reused; planning them only grows RSS
      // (real-public pages twice: 812 MB with, 582 MB without). The arena stays: turning it off cost 10-25%.
      enableMemPattern: false,
    });
  } catch (cause) {
    throw new OcrError('model_missing', `model ${id} cannot be loaded by onnxruntime: ${(cause as Error).message}`, { cause });
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
