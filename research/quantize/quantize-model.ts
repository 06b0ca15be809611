/**
 * One model, float → int8 QDQ: onnxruntime's basic optimizations first (constant folding, Conv+BN
 * fusion; the python tool's quant_pre_process does the same so that BatchNormalization is folded into
 * the weights that get quantized), then the opset upgrade per-channel scales need, calibration, QDQ
 * insertion, and a check of what onnxruntime makes of the result.
 */
import type { CalibrationMethod, Range, RangeRule, TensorStats } from './calibrate.ts';
import { collectStats, rangeOf } from './calibrate.ts';
import { upgradeOpset } from './opset-upgrade.ts';
import { countOps, encodeModel, type Model, onnx, sortTopologically } from './onnx-model.ts';
import { createMultiOutputSession, type FloatTensor, optimizedGraph } from './ort-tools.ts';
import { insertQdq, planQuantization } from './qdq.ts';

/** The float graph the quantizer works on: basic-optimized and at opset 13. */
export async function prepareFloatModel(original: Uint8Array): Promise<Model> {
  const model = upgradeOpset(await optimizedGraph(original, 'basic'));
  sortTopologically(model.graph!);
  return model;
}

/** Largest absolute difference of the final output between two float models on the given inputs. */
export async function maxOutputDiff(a: Uint8Array, b: Uint8Array, inputs: FloatTensor[]): Promise<number> {
  const [sa, sb] = await Promise.all([createMultiOutputSession(a), createMultiOutputSession(b)]);
  const out = onnx.ModelProto.decode(a).graph!.output![0].name!;
  let worst = 0;
  try {
    for (const x of inputs) {
      const [ya, yb] = [(await sa.run(x, [out])).get(out)!, (await sb.run(x, [out])).get(out)!];
      for (let i = 0; i < ya.length; i++) worst = Math.max(worst, Math.abs(ya[i] - yb[i]));
    }
  } finally {
    await Promise.all([sa.release(), sb.release()]);
  }
  return worst;
}

export async function calibrate(model: Model, opTypes: readonly string[], inputs: FloatTensor[], onProgress?: (pass: number, done: number) => void) {
  const { activations } = planQuantization(model.graph!, opTypes);
  return collectStats(model, activations, inputs, onProgress);
}

export interface QuantizeResult {
  bytes: Uint8Array;
  counts: ReturnType<typeof insertQdq>;
  /** Op counts of the graph onnxruntime runs (level 'all'), to prove the int8 kernels are used. */
  fused: Record<string, number>;
}

export async function quantizeModel(float: Model, stats: Map<string, TensorStats>, o: { opTypes: readonly string[]; method: CalibrationMethod; percentile: number; keepFloat: ReadonlySet<string>; ranges?: ReadonlyMap<string, RangeRule> }): Promise<QuantizeResult> {
  const model = onnx.ModelProto.decode(encodeModel(float));
  for (const name of o.ranges?.keys() ?? []) if (!stats.has(name)) throw new Error(`range rule for ${name}: no such calibrated tensor`);
  const ranges = new Map<string, Range>([...stats].map(([k, s]) => [k, rangeOf(s, o.method, o.percentile, o.ranges?.get(k))]));
  const counts = insertQdq(model, { opTypes: o.opTypes, ranges, keepFloat: o.keepFloat });
  sortTopologically(model.graph!);
  model.producerName = 'ocrbench models quantize';
  model.producerVersion = '1';
  const bytes = encodeModel(model);
  const fused = countOps((await optimizedGraph(bytes, 'all')).graph!);
  return { bytes, counts, fused };
}
