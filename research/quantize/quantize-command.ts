/**
 * `npm run models -- quantize [--models det,cls,rec] [--method minmax|percentile] [--percentile P]
 *   [--pages N] [--lines N] [--digit-pages N] [--rec-inputs N] [--out DIR] [--keep-float name,...] [--drop-float name,...]
 *   [--range tensor=minmax|pNN.NNN|MAX,...] [--write-manifest]`
 * Builds models/int8/<id>.int8.onnx from the fp32 files of models/manifest.json and prints each file's
 * sha256, what was quantized, and the int8 kernels onnxruntime runs. Calibration statistics are cached
 * in models/.cache (keyed by model digest, seed and counts), so trying another method is quick.
 * --write-manifest records each file's sha256 in models/manifest.json (an int8 twin of the fp32 entry).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadManifest } from '../../server/models/manifest.ts';
import { parseRangeRules, readStats, writeStats, type CalibrationMethod, type TensorStats } from './calibrate.ts';
import { CALIBRATION_SEED, generateCalibrationSets, generateDigitPages, recordCalibrationInputs, spread, type CalibrationInputs } from './calibration-inputs.ts';
import { encodeModel } from './onnx-model.ts';
import { calibrate, maxOutputDiff, prepareFloatModel, quantizeModel } from './quantize-model.ts';
import { RECIPES, rangeRules } from './recipe.ts';

const modelsDir = fileURLToPath(new URL('../../models', import.meta.url));
const cacheDir = path.join(modelsDir, '.cache');
type Role = 'det' | 'cls' | 'rec';

const kernels = (ops: Record<string, number>) =>
  Object.entries(ops)
    .filter(([k]) => /QLinear|Integer|QuantizeLinear|DequantizeLinear|Conv|MatMul|Gemm/.test(k))
    .sort()
    .map(([k, v]) => `${k.replace(/^com\.microsoft\./, 'ms.')} ${v}`)
    .join(', ');

async function cachedStats(key: string, compute: () => Promise<Map<string, TensorStats>>) {
  const file = path.join(cacheDir, `stats-${key}.json`);
  if (existsSync(file)) return readStats(file);
  const stats = await compute();
  await mkdir(cacheDir, { recursive: true });
  await writeStats(file, stats);
  return stats;
}

export async function quantizeCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      models: { type: 'string', default: 'det,cls,rec' },
      method: { type: 'string' },
      percentile: { type: 'string' },
      pages: { type: 'string', default: '30' },
      // 600 lines: the recognizer's 480 inputs are spread over ~390 crops from the 30 pages and the 600 whole lines.
      lines: { type: 'string', default: '600' },
      'rec-inputs': { type: 'string' },
      // Pages of tickets, invoices and receipts (calibration seed) whose crops join the others (default: the recipe's).
      'digit-pages': { type: 'string' },
      out: { type: 'string', default: path.join(modelsDir, 'int8') },
      'keep-float': { type: 'string' },
      // Nodes of the recipe's float list to quantize after all (trying a recipe without them).
      'drop-float': { type: 'string' },
      // Per-tensor range rules, tensor=minmax|pNN.NNN|MAX, on top of the recipe's (calibrate.ts, RangeRule).
      range: { type: 'string' },
      ops: { type: 'string' },
      'write-manifest': { type: 'boolean', default: false },
    },
  });
  const roles = values.models!.split(',') as Role[];
  const bad = roles.filter((r) => !RECIPES[r]);
  if (bad.length) {
    console.error(`--models: unknown ${bad.join(', ')} (det, cls, rec)`);
    return 2;
  }
  if (values.method && values.method !== 'minmax' && values.method !== 'percentile') {
    console.error('--method must be minmax or percentile');
    return 2;
  }
  const cliRanges = parseRangeRules(values.range);
  // Tensor names are the converter's (p2o.Add.95) and repeat across models, so a rule names one model's tensor.
  if (cliRanges.size && roles.length !== 1) {
    console.error('--range: give exactly one model with --models (tensor names repeat across models)');
    return 2;
  }
  const pages = Number(values.pages), lines = Number(values.lines);
  const maxInputs: Record<Role, number> = { det: RECIPES.det.inputs, cls: RECIPES.cls.inputs, rec: values['rec-inputs'] ? Number(values['rec-inputs']) : RECIPES.rec.inputs };
  const manifest = await loadManifest();
  let base: CalibrationInputs | undefined;
  const extra = new Map<number, CalibrationInputs>();
  /** The calibration pages and lines, then the crops of `digits` ticket/invoice/receipt pages after them. */
  const getInputs = async (digits: number): Promise<CalibrationInputs> => {
    if (!base) {
      console.error(`calibration: generating ${pages} pages and ${lines} lines (seed ${CALIBRATION_SEED}) and reading them with the fp32 engine`);
      const { pageDir, lineDir } = await generateCalibrationSets(pages, lines);
      base = await recordCalibrationInputs([pageDir, lineDir]);
      console.error(`calibration: ${base.det.length} detector, ${base.cls.length} classifier, ${base.rec.length} recognizer inputs`);
    }
    if (!digits) return base;
    if (!extra.has(digits)) {
      console.error(`calibration: generating ${digits} ticket/invoice/receipt pages (seed ${CALIBRATION_SEED}) and reading them with the fp32 engine`);
      const got = await recordCalibrationInputs([await generateDigitPages(digits)]);
      console.error(`calibration: ${got.rec.length} more recognizer inputs`);
      extra.set(digits, got);
    }
    const more = extra.get(digits)!;
    return { det: [...base.det, ...more.det], cls: [...base.cls, ...more.cls], rec: [...base.rec, ...more.rec] };
  };

  await mkdir(values.out!, { recursive: true });
  for (const role of roles) {
    const loaded = manifest[role];
    if (!loaded) continue;
    const recipe = RECIPES[role];
    const opTypes = values.ops ? values.ops.split(',') : recipe.opTypes;
    const method = (values.method as CalibrationMethod | undefined) ?? recipe.method;
    const percentile = values.percentile ? Number(values.percentile) : recipe.percentile;
    const digits = values['digit-pages'] ? Number(values['digit-pages']) : (recipe.digitPages ?? 0);
    const drop = new Set(values['drop-float']?.split(',').filter(Boolean) ?? []);
    const keepFloat = new Set([...Object.keys(recipe.keepFloat), ...(values['keep-float']?.split(',').filter(Boolean) ?? [])].filter((n) => !drop.has(n)));
    const ranges = rangeRules(recipe, cliRanges);
    const t0 = performance.now();
    const float = await prepareFloatModel(loaded.bytes);
    const key = `${loaded.sha256.slice(0, 16)}-${opTypes.join('+')}-s${CALIBRATION_SEED}-p${pages}-l${lines}${digits ? `-d${digits}` : ''}-n${maxInputs[role]}`;
    const stats = await cachedStats(key, async () => {
      const all = spread((await getInputs(digits))[role], maxInputs[role]);
      const diff = await maxOutputDiff(loaded.bytes, encodeModel(float), all.slice(0, 8));
      console.error(`${role}: prepared float graph (basic optimizations, opset 13) differs from the original by at most ${diff.toExponential(2)}`);
      if (diff > 1e-3) throw new Error(`${role}: the prepared float graph changed the model's output (max diff ${diff})`);
      return calibrate(float, opTypes, all, (pass, done) => {
        if (done % 20 === 0 || done === all.length) process.stderr.write(`\r${role}: calibration pass ${pass}, ${done}/${all.length}   `);
      });
    });
    process.stderr.write('\n');
    const { bytes, counts, fused } = await quantizeModel(float, stats, { opTypes, method, percentile, keepFloat, ranges });
    const file = path.join(values.out!, `${loaded.spec.id}.int8.onnx`);
    await writeFile(file, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    console.log(`${role}: ${path.relative(process.cwd(), file)} ${(bytes.length / 1e6).toFixed(2)} MB (fp32 ${(loaded.bytes.length / 1e6).toFixed(2)} MB) sha256 ${sha}`);
    console.log(`  ${method}${method === 'percentile' ? ` ${percentile}` : ''}, ops ${opTypes.join('+')}: ${counts.nodes} nodes, ${counts.activations} activation pairs, ${counts.weights} weights, ${counts.biases} int32 biases, ${keepFloat.size} kept float${ranges.size ? `, own ranges: ${[...ranges].map(([k, r]) => `${k} ${JSON.stringify(r)}`).join(', ')}` : ''}`);
    console.log(`  onnxruntime runs: ${kernels(fused)}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    if (values['write-manifest']) await upsertInt8Entry(role, path.relative(modelsDir, file).split(path.sep).join('/'), sha);
  }
  return 0;
}

/** Adds or updates the int8 twin of the role's fp32 entry in models/manifest.json (2-space JSON, as committed). */
async function upsertInt8Entry(role: Role, file: string, sha256: string) {
  const manifestFile = path.join(modelsDir, 'manifest.json');
  const raw = JSON.parse(await readFile(manifestFile, 'utf8')) as { models: Record<string, unknown>[] };
  const fp32 = raw.models.find((m) => m.role === role && (m.precision ?? 'fp32') === 'fp32');
  if (!fp32) return;
  const entry = { ...fp32, id: `${fp32.id}_int8`, precision: 'int8', file: { path: file }, sha256 };
  const at = raw.models.findIndex((m) => m.role === role && m.precision === 'int8');
  if (at >= 0) raw.models[at] = entry;
  else raw.models.splice(raw.models.indexOf(fp32) + 1, 0, entry);
  await writeFile(manifestFile, `${JSON.stringify(raw, null, 2)}\n`);
}
