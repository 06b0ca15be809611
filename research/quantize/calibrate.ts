/**
 * Activation ranges for static quantization, as onnxruntime's calibrate.py computes them: every tensor
 * to be quantized is made a graph output, the float model runs over the calibration inputs, and each
 * tensor's range is taken by
 * - `minmax`: the smallest and largest value seen (MinMaxCalibrater without moving average);
 * - `percentile`: a 2048-bin histogram over [min, max] from a second pass, cutting (100 - p)/2 % of the
 *   values off each end (HistogramCalibrater, method Percentile, non-symmetric), so a few outliers do
 *   not stretch the 256 levels over values that almost never occur.
 * Both ranges are widened to include 0 so that zero (padding) is exact.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { encodeModel, type Model, onnx } from './onnx-model.ts';
import { createMultiOutputSession, type FloatTensor } from './ort-tools.ts';
import { UsageError } from './usage-error.ts';

export type CalibrationMethod = 'minmax' | 'percentile';
export interface Range { min: number; max: number }
/**
 * One tensor's range chosen apart from the model's method: min-max, another percentile, or an upper bound set
 * by hand (the lower end stays the method's). For a tensor whose percentile clip costs accuracy and whose
 * min-max range costs it the other way (a recipe says which, with the measurement).
 */
export type RangeRule = { method: 'minmax' } | { percentile: number } | { max: number };
export interface TensorStats extends Range { hist: Float64Array }

const BINS = 2048;
/** Tensors fetched per run: bounds memory on detector pages (hundreds of full-resolution feature maps). */
const FETCH_CHUNK = 48;

function withOutputs(model: Model, names: string[]): Uint8Array {
  const copy = onnx.ModelProto.decode(encodeModel(model));
  const have = new Set(copy.graph!.output!.map((o) => o.name));
  for (const name of names) {
    if (have.has(name)) continue;
    copy.graph!.output!.push(onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }));
  }
  return encodeModel(copy);
}

/** Runs the float model over `inputs` twice (range, then histogram) and returns each tensor's statistics. */
export async function collectStats(model: Model, names: string[], inputs: FloatTensor[], onProgress?: (pass: number, done: number) => void): Promise<Map<string, TensorStats>> {
  const session = await createMultiOutputSession(withOutputs(model, names));
  const stats = new Map<string, TensorStats>(names.map((n) => [n, { min: Infinity, max: -Infinity, hist: new Float64Array(BINS) }]));
  const chunks: string[][] = [];
  for (let i = 0; i < names.length; i += FETCH_CHUNK) chunks.push(names.slice(i, i + FETCH_CHUNK));
  try {
    for (const pass of [1, 2]) {
      for (const [k, input] of inputs.entries()) {
        for (const chunk of chunks) {
          const out = await session.run(input, chunk);
          for (const [name, data] of out) {
            const s = stats.get(name)!;
            if (pass === 1) {
              let lo = s.min, hi = s.max;
              for (let j = 0; j < data.length; j++) {
                const v = data[j];
                if (v < lo) lo = v;
                if (v > hi) hi = v;
              }
              s.min = lo;
              s.max = hi;
            } else if (s.max > s.min) {
              const scale = BINS / (s.max - s.min);
              for (let j = 0; j < data.length; j++) s.hist[Math.min(BINS - 1, Math.floor((data[j] - s.min) * scale))]++;
            }
          }
        }
        onProgress?.(pass, k + 1);
      }
    }
  } finally {
    await session.release();
  }
  return stats;
}

type StatsJson = Record<string, { min: number; max: number; hist: number[] }>;

/** Calibration statistics as the quantize command caches them (models/.cache/stats-<key>.json) and sensitivity reads them. */
export async function writeStats(file: string, stats: Map<string, TensorStats>): Promise<void> {
  const json: StatsJson = Object.fromEntries([...stats].map(([k, s]) => [k, { min: s.min, max: s.max, hist: [...s.hist] }]));
  await writeFile(file, JSON.stringify(json));
}

export async function readStats(file: string): Promise<Map<string, TensorStats>> {
  const json = JSON.parse(await readFile(file, 'utf8')) as StatsJson;
  return new Map(Object.entries(json).map(([k, s]) => [k, { min: s.min, max: s.max, hist: Float64Array.from(s.hist) }]));
}

/** The range a method picks from a tensor's statistics; always contains 0. */
export function pickRange(s: TensorStats, method: CalibrationMethod, percentile = 99.999): Range {
  let { min, max } = s;
  if (method === 'percentile' && s.max > s.min) {
    const total = s.hist.reduce((a, b) => a + b, 0);
    const cut = (total * (100 - percentile)) / 200;
    const width = (s.max - s.min) / BINS;
    let acc = 0, lo = 0;
    while (lo < BINS - 1 && acc + s.hist[lo] <= cut) acc += s.hist[lo++];
    acc = 0;
    let hi = BINS - 1;
    while (hi > lo && acc + s.hist[hi] <= cut) acc += s.hist[hi--];
    min = s.min + lo * width;
    max = s.min + (hi + 1) * width;
  }
  return { min: Math.min(min, 0), max: Math.max(max, 0) };
}

/** `minmax`, `p99.9999` or a number (the upper bound), as given on the command line after `name=`. */
export function parseRangeRule(text: string): RangeRule {
  if (text === 'minmax') return { method: 'minmax' };
  const m = /^p(\d+(?:\.\d+)?)$/.exec(text);
  if (m && Number(m[1]) > 0 && Number(m[1]) <= 100) return { percentile: Number(m[1]) };
  if (/^\d+(?:\.\d+)?$/.test(text) && Number(text) > 0) return { max: Number(text) };
  throw new UsageError(`range rule '${text}': expected minmax, pNN.NNN (a percentile) or a positive upper bound`);
}

/** `--range a=minmax,b=2.4` → rules by tensor name. */
export function parseRangeRules(text: string | undefined): Map<string, RangeRule> {
  const rules = new Map<string, RangeRule>();
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const at = part.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`--range '${part}': expected tensor=rule`);
    rules.set(part.slice(0, at), parseRangeRule(part.slice(at + 1)));
  }
  return rules;
}

/** The range of one tensor: its rule when it has one, else the model's method. */
export function rangeOf(s: TensorStats, method: CalibrationMethod, percentile: number, rule?: RangeRule): Range {
  if (!rule) return pickRange(s, method, percentile);
  if ('method' in rule) return pickRange(s, 'minmax');
  if ('percentile' in rule) return pickRange(s, 'percentile', rule.percentile);
  const base = pickRange(s, method, percentile);
  return { min: base.min, max: Math.max(rule.max, 0) };
}
