/**
 * Per-channel QuantizeLinear/DequantizeLinear (the `axis` attribute) needs opset 13; the PP-OCR exports
 * are opset 9 (rec, cls) and 11 (det). This upgrades the default domain to 13 by rewriting the only ops
 * of these graphs whose signature changed on the way: Clip (min/max attributes → inputs, opset 11),
 * Slice (starts/ends/axes → inputs, opset 10), Squeeze/Unsqueeze (axes → input, opset 13). Softmax
 * changed meaning in 13 (one axis instead of "flatten from axis"); both agree when the axis is the last
 * one, which holds for every Softmax in these models — the quantize command proves the upgrade by
 * comparing the upgraded float model's outputs with the original's on the calibration inputs.
 */
import { attr, makeTensor, type Model, type Node, onnx, type TensorProto } from './onnx-model.ts';

export const TARGET_OPSET = 13;

export function upgradeOpset(model: Model): Model {
  const graph = model.graph!;
  const defaultDomain = model.opsetImport!.find((o) => !o.domain || o.domain === 'ai.onnx');
  const from = Number(defaultDomain?.version ?? 0);
  if (from >= TARGET_OPSET) return model;
  // Keep only the default domain: ORT's optimizer dump lists every domain it knows, none of which is used.
  model.opsetImport = [onnx.OperatorSetIdProto.create({ domain: '', version: TARGET_OPSET })];
  const extra: TensorProto[] = [];
  const constant = (node: Node, what: string, values: Float32Array | BigInt64Array, dims: number[]) => {
    const name = `${node.name || node.output![0]}.${what}`;
    extra.push(makeTensor(name, dims, values));
    return name;
  };
  const ints = (a: ReturnType<typeof attr>) => BigInt64Array.from((a?.ints ?? []).map((v) => BigInt(v.toString())));
  const drop = (node: Node, names: string[]) => {
    node.attribute = (node.attribute ?? []).filter((a) => !names.includes(a.name!));
  };

  for (const node of graph.node ?? []) {
    if (node.domain && node.domain !== 'ai.onnx') continue;
    switch (node.opType) {
      case 'Clip':
        if (from < 11) {
          const min = attr(node, 'min')?.f ?? -3.4028234663852886e38;
          const max = attr(node, 'max')?.f ?? 3.4028234663852886e38;
          node.input = [node.input![0], constant(node, 'min', Float32Array.of(min), []), constant(node, 'max', Float32Array.of(max), [])];
          drop(node, ['min', 'max']);
        }
        break;
      case 'Slice':
        if (from < 10) {
          const [s, e, a] = ['starts', 'ends', 'axes'].map((k) => ints(attr(node, k)));
          const inputs = [node.input![0], constant(node, 'starts', s, [s.length]), constant(node, 'ends', e, [e.length])];
          if (a.length) inputs.push(constant(node, 'axes', a, [a.length]));
          node.input = inputs;
          drop(node, ['starts', 'ends', 'axes']);
        }
        break;
      case 'Squeeze':
      case 'Unsqueeze': {
        const a = attr(node, 'axes');
        if (a) {
          node.input = [node.input![0], constant(node, 'axes', ints(a), [a.ints!.length])];
          drop(node, ['axes']);
        }
        break;
      }
      case 'Upsample':
      case 'Split':
      case 'Pad':
      case 'TopK':
      case 'ReduceSum':
        throw new Error(`opset upgrade: ${node.opType} (${node.name}) is not handled; extend upgradeOpset`);
    }
  }
  graph.initializer = [...(graph.initializer ?? []), ...extra];
  return model;
}
