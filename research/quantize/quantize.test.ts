import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectStats, parseRangeRules, pickRange, rangeOf, readStats, writeStats, type TensorStats } from './calibrate.ts';
import { upgradeOpset } from './opset-upgrade.ts';
import { countOps, encodeModel, floatValues, makeNode, makeTensor, type Model, onnx, sortTopologically } from './onnx-model.ts';
import { createMultiOutputSession, optimizedGraph } from './ort-tools.ts';
import { insertQdq } from './qdq.ts';

const F = onnx.TensorProto.DataType.FLOAT;
const vi = (name: string, dims: number[]) => onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: F, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });

/** x [1,2,4,4] → Conv(4 out channels, 3x3, pad 1, bias) → Relu → y: small enough to check by hand. */
function tinyConvModel(opset = 13): Model {
  const w = Float32Array.from({ length: 4 * 2 * 3 * 3 }, (_, i) => Math.sin(i * 0.7) * (1 + (i % 4)));
  const b = Float32Array.of(0.1, -0.2, 0.3, 0);
  return onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'tiny',
      input: [vi('x', [1, 2, 4, 4])],
      output: [vi('y', [1, 4, 4, 4])],
      initializer: [makeTensor('w', [4, 2, 3, 3], w), makeTensor('b', [4], b)],
      // Deliberately out of order: sortTopologically must fix it.
      node: [makeNode('Relu', ['c'], ['y'], 'relu'), makeNode('Conv', ['x', 'w', 'b'], ['c'], 'conv', { pads: [1, 1, 1, 1] })],
    },
  });
}

const input = () => ({ data: Float32Array.from({ length: 32 }, (_, i) => ((i * 37) % 17) / 8 - 1), dims: [1, 2, 4, 4] });

async function runY(model: Model) {
  const s = await createMultiOutputSession(encodeModel(model));
  try {
    return (await s.run(input(), ['y'])).get('y')!;
  } finally {
    await s.release();
  }
}

test('pickRange: minmax keeps the extremes, percentile cuts the outliers, both include 0', () => {
  const hist = new Float64Array(2048);
  hist[0] = 1; // one outlier at the bottom
  hist[1000] = 1e6;
  const s: TensorStats = { min: 1, max: 2049, hist };
  assert.deepEqual(pickRange(s, 'minmax'), { min: 0, max: 2049 });
  const p = pickRange(s, 'percentile', 99.99);
  assert.equal(p.min, 0);
  assert.equal(p.max, 1 + 1001);
});

test('range rules: one tensor gets min-max, another percentile or a hand-set upper bound; bad rules are refused', () => {
  const hist = new Float64Array(2048);
  hist[0] = 1;
  hist[1000] = 1e6;
  hist[2047] = 1;
  const s: TensorStats = { min: -1, max: 2047, hist };
  const rules = parseRangeRules('a=minmax,p2o.Add.95=2.4,c=p99.99');
  assert.deepEqual(rules.get('a'), { method: 'minmax' });
  assert.deepEqual(rangeOf(s, 'percentile', 99.99, rules.get('a')), { min: -1, max: 2047 });
  // The hand-set bound replaces the top only; the bottom stays the model's method's (here the cut outlier: 0).
  assert.deepEqual(rangeOf(s, 'percentile', 99.99, rules.get('p2o.Add.95')), { min: 0, max: 2.4 });
  assert.deepEqual(rangeOf(s, 'minmax', 99.99, rules.get('c')), pickRange(s, 'percentile', 99.99));
  assert.deepEqual(rangeOf(s, 'percentile', 99.99), pickRange(s, 'percentile', 99.99));
  for (const bad of ['a', 'a=', 'a=p0', 'a=p101', 'a=-1', 'a=max']) assert.throws(() => parseRangeRules(bad), /range/);
});

test('calibration statistics read back as written (the cache quantize writes, sensitivity reads)', async () => {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'stats-'));
  const hist = new Float64Array(2048);
  hist[3] = 7;
  const stats = new Map<string, TensorStats>([['p2o.Add.95', { min: -0.21, max: 3, hist }]]);
  await writeStats(join(dir, 's.json'), stats);
  assert.deepEqual(await readStats(join(dir, 's.json')), stats);
  await rm(dir, { recursive: true, force: true });
});

test('sortTopologically puts producers first and keeps the graph runnable', async () => {
  const m = tinyConvModel();
  sortTopologically(m.graph!);
  assert.deepEqual(m.graph!.node!.map((n) => n.name), ['conv', 'relu']);
  const y = await runY(m);
  assert.equal(y.length, 64);
});

test('upgradeOpset turns opset-9 Clip attributes into inputs without changing the result', async () => {
  const m = tinyConvModel(9);
  m.graph!.node!.push(makeNode('Relu', ['y'], ['r'], 'unused'));
  m.graph!.node![0] = onnx.NodeProto.create({ opType: 'Clip', input: ['c'], output: ['y'], name: 'clip', attribute: [{ name: 'min', type: 1, f: 0 }, { name: 'max', type: 1, f: 1.5 }] });
  sortTopologically(m.graph!);
  const before = await runY(m);
  upgradeOpset(m);
  assert.equal(Number(m.opsetImport![0].version), 13);
  assert.equal(m.graph!.node!.find((n) => n.name === 'clip')!.input!.length, 3);
  assert.deepEqual(await runY(m), before);
  assert.ok(Math.max(...before) <= 1.5);
});

test('insertQdq: per-channel int8 weights, int32 bias, output close to float, and onnxruntime runs QLinearConv', async () => {
  const float = tinyConvModel();
  sortTopologically(float.graph!);
  const want = await runY(float);
  const stats = await collectStats(float, ['x', 'c'], [input()]);
  const ranges = new Map([...stats].map(([k, s]) => [k, pickRange(s, 'minmax')]));
  const q = onnx.ModelProto.decode(encodeModel(float));
  const counts = insertQdq(q, { opTypes: ['Conv'], ranges });
  sortTopologically(q.graph!);
  assert.deepEqual(counts, { nodes: 1, activations: 2, weights: 1, biases: 1 });
  const inits = new Map(q.graph!.initializer!.map((t) => [t.name!, t]));
  assert.ok(!inits.has('w') && !inits.has('b'), 'float weight and bias are replaced');
  assert.equal(inits.get('w_conv_quantized')!.dataType, onnx.TensorProto.DataType.INT8);
  assert.equal(inits.get('b_conv_quantized')!.dataType, onnx.TensorProto.DataType.INT32);
  assert.equal(floatValues(inits.get('w_conv_scale')! as never).length, 4, 'one scale per output channel');

  const got = await runY(q);
  const span = Math.max(...want) - Math.min(...want);
  const worst = Math.max(...got.map((v, i) => Math.abs(v - want[i])));
  assert.ok(worst < span / 50, `int8 output within 2% of the range (worst ${worst}, range ${span})`);

  const ops = countOps((await optimizedGraph(encodeModel(q), 'all')).graph!);
  assert.equal(ops['com.microsoft.QLinearConv'] ?? ops.QLinearConv, 1, JSON.stringify(ops));
  assert.equal(ops.Conv ?? 0, 0, 'no float Conv left');
});
