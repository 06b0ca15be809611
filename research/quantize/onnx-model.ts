/**
 * Reading and writing ONNX with onnx-proto (protobufjs-generated types), and the few tensor helpers the
 * quantizer needs. Float weights of these models are stored as raw little-endian bytes or in floatData.
 */
import { readFile, writeFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

export const { onnx } = onnxProto;
export type Model = OnnxTypes.IModelProto;
export type Graph = OnnxTypes.IGraphProto;
export type Node = OnnxTypes.INodeProto;
export type TensorProto = OnnxTypes.ITensorProto;
export const DataType = onnx.TensorProto.DataType;

export async function readModel(file: string): Promise<Model> {
  return onnx.ModelProto.decode(await readFile(file));
}

export function encodeModel(model: Model): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

export async function writeModel(file: string, model: Model): Promise<void> {
  await writeFile(file, encodeModel(model));
}

/** The float values of an initializer, whichever field holds them. */
export function floatValues(t: TensorProto): Float32Array {
  if (t.dataType !== DataType.FLOAT) throw new Error(`initializer ${t.name} is type ${t.dataType}, not float`);
  if (t.rawData && t.rawData.length) {
    const copy = new Uint8Array(t.rawData); // aligned copy: rawData may sit at any offset of the file buffer
    return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
  }
  return Float32Array.from(t.floatData ?? []);
}

export function dimsOf(t: TensorProto): number[] {
  return (t.dims ?? []).map(Number);
}

type Typed = Float32Array | Int8Array | Uint8Array | Int32Array | BigInt64Array;
const typeOf = (a: Typed): number =>
  a instanceof Float32Array ? DataType.FLOAT
  : a instanceof Int8Array ? DataType.INT8
  : a instanceof Uint8Array ? DataType.UINT8
  : a instanceof Int32Array ? DataType.INT32
  : DataType.INT64;

/** An initializer with its values as raw bytes (the compact form every runtime reads). */
export function makeTensor(name: string, dims: number[], values: Typed): TensorProto {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: typeOf(values),
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  });
}

export function makeNode(opType: string, inputs: string[], outputs: string[], name: string, attrs: Record<string, number | number[]> = {}, domain = ''): Node {
  const attribute = Object.entries(attrs).map(([k, v]) =>
    Array.isArray(v)
      ? onnx.AttributeProto.create({ name: k, type: onnx.AttributeProto.AttributeType.INTS, ints: v })
      : onnx.AttributeProto.create({ name: k, type: onnx.AttributeProto.AttributeType.INT, i: v }),
  );
  return onnx.NodeProto.create({ opType, input: inputs, output: outputs, name, attribute, domain });
}

export function attr(node: Node, name: string) {
  return node.attribute?.find((a) => a.name === name);
}

/** Op counts by type (domain-qualified when not the default domain), for reports and checks. */
export function countOps(graph: Graph): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of graph.node ?? []) {
    const k = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType!;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/**
 * Reorders nodes topologically (ONNX requires it), keeping the original order among ready nodes so the
 * output is deterministic and inserted QDQ pairs sit right after their producers.
 */
export function sortTopologically(graph: Graph): void {
  const nodes = graph.node ?? [];
  const available = new Set<string>([...(graph.input ?? []).map((i) => i.name!), ...(graph.initializer ?? []).map((t) => t.name!), '']);
  const producers = new Map<string, number>();
  nodes.forEach((n, i) => n.output!.forEach((o) => producers.set(o, i)));
  const waiting = nodes.map((n) => n.input!.filter((i) => !available.has(i) && producers.has(i)).length);
  const consumers = new Map<number, number[]>();
  nodes.forEach((n, i) => n.input!.forEach((name) => {
    const p = producers.get(name);
    if (p !== undefined && !available.has(name)) consumers.set(p, [...(consumers.get(p) ?? []), i]);
  }));
  const order: number[] = [];
  const ready = nodes.map((_, i) => i).filter((i) => waiting[i] === 0);
  // A small binary-heap-free priority: nodes are few hundred, so a sorted insert is enough.
  while (ready.length) {
    const i = ready.shift()!;
    order.push(i);
    for (const c of consumers.get(i) ?? []) {
      if (--waiting[c] === 0) {
        const at = ready.findIndex((r) => r > c);
        ready.splice(at < 0 ? ready.length : at, 0, c);
      }
    }
  }
  if (order.length !== nodes.length) throw new Error(`graph has a cycle or a missing input (${nodes.length - order.length} nodes unplaced)`);
  graph.node = order.map((i) => nodes[i]);
}
