/**
 * The quantizer's own use of onnxruntime-node. It imports the runtime directly rather than through
 * server/ocr/inference-session.ts because it needs what the engine's one-input/one-output wrapper
 * deliberately hides: fetching many intermediate tensors by name, and dumping the graph onnxruntime
 * actually runs (`optimizedModelFilePath`) to check that QDQ pairs were fused into int8 kernels.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnx, type Model } from './onnx-model.ts';

export interface FloatTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** The graph onnxruntime runs after its optimizers at `level`, as an ONNX model. */
export async function optimizedGraph(model: Uint8Array, level: 'basic' | 'extended' | 'all'): Promise<Model> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-quantize-'));
  const file = path.join(dir, 'optimized.onnx');
  try {
    const s = await ort.InferenceSession.create(model, { graphOptimizationLevel: level, optimizedModelFilePath: file, intraOpNumThreads: 1 });
    await s.release();
    return onnx.ModelProto.decode(await readFile(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface MultiOutputSession {
  readonly inputName: string;
  run(input: FloatTensor, fetch: string[]): Promise<Map<string, Float32Array>>;
  release(): Promise<void>;
}

export async function createMultiOutputSession(model: Uint8Array, threads = 1): Promise<MultiOutputSession> {
  const session = await ort.InferenceSession.create(model, { graphOptimizationLevel: 'disabled', intraOpNumThreads: threads, enableMemPattern: false });
  const [inputName] = session.inputNames;
  return {
    inputName,
    async run({ data, dims }, fetch) {
      const out = await session.run({ [inputName]: new ort.Tensor('float32', data, dims as number[]) }, fetch);
      return new Map(fetch.map((k) => [k, out[k].data as Float32Array]));
    },
    release: () => session.release(),
  };
}

/** One model run timed alone, for the speed comparison (same options as the engine's sessions). */
export async function createTimedSession(model: Uint8Array, threads = 1) {
  const session = await ort.InferenceSession.create(model, {
    graphOptimizationLevel: 'all', executionMode: 'sequential', intraOpNumThreads: threads, interOpNumThreads: 1, enableMemPattern: false,
  });
  const [inputName] = session.inputNames;
  return {
    async time(input: FloatTensor): Promise<number> {
      const feeds = { [inputName]: new ort.Tensor('float32', input.data, input.dims as number[]) };
      const t0 = performance.now();
      await session.run(feeds);
      return performance.now() - t0;
    },
    release: () => session.release(),
  };
}
