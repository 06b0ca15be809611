/**
 * Static QDQ quantization, following onnxruntime's python quantizer (quantize_static, QuantFormat.QDQ):
 * - activations uint8, asymmetric, one scale per tensor from the calibrated range (U8S8 is the combination
 *   onnxruntime's x86 int8 kernels are built around; with AVX-512 VNNI there is no saturation problem, so
 *   no reduce_range);
 * - weights int8, symmetric, one scale per output channel (`per_channel`): Conv axis 0, MatMul axis 1,
 *   Gemm axis 0 with transB (else 1); scale = max|w| / 127 as the python quantizer's symmetric int8 range;
 * - biases int32 with scale = input scale × weight scale of the channel and zero point 0, so the runtime
 *   adds them in the int32 accumulator;
 * - the inputs and the output of every quantized node get a QuantizeLinear → DequantizeLinear pair after
 *   their producer, and every consumer reads the dequantized tensor (as QDQQuantizer does). onnxruntime
 *   then fuses DQ → Conv → Q into QLinearConv and DQ → MatMul → Q into QLinearMatMul.
 * Nodes listed in `keepFloat` are left untouched (no pairs on their own inputs and outputs).
 */
import type { Range } from './calibrate.ts';
import { attr, dimsOf, floatValues, type Graph, makeNode, makeTensor, type Model, type Node } from './onnx-model.ts';

export interface QuantizeOptions {
  opTypes: readonly string[];
  ranges: Map<string, Range>;
  keepFloat?: ReadonlySet<string>;
}

export interface QuantizePlan {
  nodes: Node[];
  activations: string[];
}

const WEIGHT_INPUT: Record<string, number> = { Conv: 1, Gemm: 1, MatMul: 1 };

/** Which nodes get quantized and which activation tensors need a range (the calibration targets). */
export function planQuantization(graph: Graph, opTypes: readonly string[], keepFloat: ReadonlySet<string> = new Set()): QuantizePlan {
  const inits = new Set((graph.initializer ?? []).map((t) => t.name!));
  const outputs = new Set((graph.output ?? []).map((o) => o.name!));
  const nodes = (graph.node ?? []).filter((n) => opTypes.includes(n.opType!) && !keepFloat.has(n.name!) && (!n.domain || n.domain === 'ai.onnx'));
  const acts = new Set<string>();
  for (const n of nodes) {
    n.input!.forEach((name, i) => {
      if (name && !inits.has(name) && (i === 0 || (n.opType === 'MatMul' && i === 1))) acts.add(name);
    });
    if (!outputs.has(n.output![0])) acts.add(n.output![0]);
  }
  return { nodes, activations: [...acts] };
}

function activationParams({ min, max }: Range) {
  const scale = max > min ? (max - min) / 255 : 1;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-min / scale)));
  return { scale, zeroPoint };
}

/** Symmetric per-channel int8: values along `axis` share one scale. */
function quantizeWeight(w: Float32Array, dims: number[], axis: number) {
  const channels = dims[axis];
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const scales = new Float32Array(channels);
  for (let i = 0; i < w.length; i++) {
    const c = Math.floor(i / inner) % channels;
    scales[c] = Math.max(scales[c], Math.abs(w[i]));
  }
  for (let c = 0; c < channels; c++) scales[c] = scales[c] > 0 ? scales[c] / 127 : 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const c = Math.floor(i / inner) % channels;
    q[i] = Math.max(-127, Math.min(127, Math.round(w[i] / scales[c])));
  }
  return { q, scales };
}

function weightAxis(node: Node, dims: number[]): number {
  if (node.opType === 'Conv') return 0;
  if (node.opType === 'Gemm') return Number(attr(node, 'transB')?.i ?? 0) ? 0 : 1;
  return dims.length - 1; // MatMul: [K, N], one scale per output column
}

/** Inserts QDQ pairs in place and returns the counts of what was quantized. */
export function insertQdq(model: Model, { opTypes, ranges, keepFloat }: QuantizeOptions) {
  const graph = model.graph!;
  const plan = planQuantization(graph, opTypes, keepFloat);
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name!, t]));
  const added: Node[] = [];
  const newInits: ReturnType<typeof makeTensor>[] = [];
  const actParams = new Map<string, { scale: number; zeroPoint: number }>();

  for (const name of plan.activations) {
    const range = ranges.get(name);
    if (!range) throw new Error(`no calibrated range for ${name}`);
    const p = activationParams(range);
    actParams.set(name, p);
    newInits.push(makeTensor(`${name}_scale`, [], Float32Array.of(p.scale)), makeTensor(`${name}_zero_point`, [], Uint8Array.of(p.zeroPoint)));
  }
  // Consumers read the dequantized tensor; the Q node itself reads the original.
  for (const n of graph.node ?? []) n.input = n.input!.map((i) => (actParams.has(i) ? `${i}_DequantizeLinear_Output` : i));
  for (const name of actParams.keys()) {
    added.push(
      makeNode('QuantizeLinear', [name, `${name}_scale`, `${name}_zero_point`], [`${name}_QuantizeLinear_Output`], `${name}_QuantizeLinear`),
      makeNode('DequantizeLinear', [`${name}_QuantizeLinear_Output`, `${name}_scale`, `${name}_zero_point`], [`${name}_DequantizeLinear_Output`], `${name}_DequantizeLinear`),
    );
  }

  const used = new Set<string>();
  let weights = 0, biases = 0;
  for (const node of plan.nodes) {
    const wi = WEIGHT_INPUT[node.opType!];
    const wName = node.input![wi];
    const w = inits.get(wName);
    if (!w) continue; // MatMul of two activations: both inputs already have pairs
    const dims = dimsOf(w);
    const axis = weightAxis(node, dims);
    const { q, scales } = quantizeWeight(floatValues(w), dims, axis);
    const base = `${wName}_${node.name}`;
    newInits.push(makeTensor(`${base}_quantized`, dims, q), makeTensor(`${base}_scale`, [scales.length], scales), makeTensor(`${base}_zero_point`, [scales.length], new Int8Array(scales.length)));
    added.push(makeNode('DequantizeLinear', [`${base}_quantized`, `${base}_scale`, `${base}_zero_point`], [`${base}_dequantized`], `${base}_DequantizeLinear`, { axis }));
    node.input![wi] = `${base}_dequantized`;
    used.add(wName);
    weights++;

    const bName = node.input![2];
    const b = bName ? inits.get(bName) : undefined;
    const inName = node.input![0].replace(/_DequantizeLinear_Output$/, '');
    const inP = actParams.get(inName);
    if (b && inP && (node.opType === 'Conv' || node.opType === 'Gemm') && dimsOf(b).length === 1 && dimsOf(b)[0] === scales.length) {
      const bv = floatValues(b);
      const bs = scales.map((s) => s * inP.scale);
      const bq = Int32Array.from(bv, (v, c) => Math.round(v / bs[c]));
      const bb = `${bName}_${node.name}`;
      newInits.push(makeTensor(`${bb}_quantized`, [bq.length], bq), makeTensor(`${bb}_scale`, [bs.length], bs), makeTensor(`${bb}_zero_point`, [bs.length], new Int32Array(bs.length)));
      added.push(makeNode('DequantizeLinear', [`${bb}_quantized`, `${bb}_scale`, `${bb}_zero_point`], [`${bb}_dequantized`], `${bb}_DequantizeLinear`, { axis: 0 }));
      node.input![2] = `${bb}_dequantized`;
      used.add(bName);
      biases++;
    }
  }
  // Float originals still read by an unquantized node (shared weights) stay; the others go.
  const stillRead = new Set((graph.node ?? []).flatMap((n) => n.input!));
  graph.initializer = [...(graph.initializer ?? []).filter((t) => !used.has(t.name!) || stillRead.has(t.name!)), ...newInits];
  graph.node = [...added, ...(graph.node ?? [])];
  return { nodes: plan.nodes.length, activations: actParams.size, weights, biases };
}
