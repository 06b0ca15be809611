/**
 * `npm run models -- sensitivity --stats models/.cache/stats-<key>.json [--sets real-public,<dir>] [--per-set 60]
 *   [--percentile P] [--range tensor=minmax|pNN.NNN|MAX,...] [--only Conv] [--keep-float name,...] [--together | --add-float | --drop-float]`
 * Which recognizer nodes lose accuracy when quantized. Recognizer inputs are recorded from the given sets
 * (the engine's own crops, `--per-set` spread over each set), read by the fp32 model and greedily decoded;
 * then for each node matching --only, a QDQ model with only that node quantized (the rest float) reads them
 * too, and the share of characters that changed (edit distance to the fp32 reading) is printed.
 * --together: one model with every node quantized but those in --keep-float (a recipe's whole effect).
 * --add-float: the other direction, from a recipe: for each node matching --only and not in --keep-float, a
 * model with that node float too (the rest quantized), so what keeping it float would win back.
 * --drop-float: for each node of --keep-float matching --only, a model with that node quantized too: what
 * a recipe would lose without it.
 * Each figure is also given for Latin letters and digits alone (the ASCII letters and digits of both readings,
 * edit distance over the fp32 reading's count): a train number misread in a Chinese line barely moves the first;
 * and as spaces changed (`spaceEdits`: the edits whitespace alone explains, of the fp32 reading's spaces): a
 * space dropped between two English words changes no other figure, nor the whitespace-free accuracy gate; and
 * as decimals split (`35. 1`, decimal-splits.ts) against the fp32 readings'. --range gives tensors their own
 * range rules in every trial, on top of the recipe's.
 * A change here is a change of the model's reading, not an error against a label: it ranks nodes cheaply
 * (seconds per node); the accuracy gate (npm run eval) decides.
 */
import { parseArgs } from 'node:util';
import { distance } from 'fastest-levenshtein';
import { ctcDecode } from '../../server/ocr/ctc-decode.ts';
import { createModelSession, type Tensor } from '../../server/ocr/inference-session.ts';
import { loadManifest } from '../../server/models/manifest.ts';
import { parseRangeRules, readStats } from './calibrate.ts';
import { decimalSplits } from './decimal-splits.ts';
import { recordCalibrationInputs, spread } from './calibration-inputs.ts';
import { planQuantization } from './qdq.ts';
import { prepareFloatModel, quantizeModel } from './quantize-model.ts';
import { RECIPES, rangeRules } from './recipe.ts';

/**
 * Greedy CTC: best class per time step, repeats merged, blanks (class 0) dropped. The engine's own decoder with
 * no space weight: a node's quantization is judged by the model's reading, not by what decoding adds to it.
 */
export function greedyDecode(out: Tensor, charset: string[]): string {
  const [, steps, classes] = out.dims;
  return ctcDecode(out.data, steps, classes, charset).text;
}

/** The ASCII letters and digits of a reading, in order (what a train number or an amount is made of). */
export const latinDigits = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');

/**
 * Edits between two readings that only whitespace explains: the edit distance with spaces kept minus the one
 * with every whitespace removed (never negative: any alignment of the spaced strings, spaces dropped, aligns
 * the others at no more cost). "shot typeannotation" against "shot type annotation" is 1.
 */
export function spaceEdits(a: string, b: string): number {
  const strip = (s: string) => s.replace(/\s+/gu, '');
  return distance(a, b) - distance(strip(a), strip(b));
}

export async function sensitivityCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stats: { type: 'string' },
      sets: { type: 'string', default: 'real-public' },
      'per-set': { type: 'string', default: '60' },
      percentile: { type: 'string' },
      range: { type: 'string' },
      only: { type: 'string', default: '' },
      'keep-float': { type: 'string', default: '' },
      together: { type: 'boolean', default: false },
      'add-float': { type: 'boolean', default: false },
      'drop-float': { type: 'boolean', default: false },
    },
  });
  if (!values.stats) {
    console.error('--stats: a calibration statistics file written by `npm run models -- quantize --models rec` (models/.cache/stats-*.json)');
    return 2;
  }
  const recipe = RECIPES.rec;
  const ranges = rangeRules(recipe, parseRangeRules(values.range));
  const percentile = values.percentile ? Number(values.percentile) : recipe.percentile;
  const stats = await readStats(values.stats);

  const m = await loadManifest();
  const inputs: Tensor[] = [];
  for (const dir of values.sets!.split(',')) inputs.push(...spread((await recordCalibrationInputs([dir])).rec, Number(values['per-set'])));
  const fp32 = await createModelSession(m.rec.bytes, m.rec.spec.id, { threads: 1 });
  const ref: string[] = [];
  for (const x of inputs) ref.push(greedyDecode(await fp32.run(x), m.charset));
  await fp32.release();
  const refChars = ref.reduce((a, s) => a + s.length, 0);
  const refLatin = ref.map(latinDigits);
  const refLatinChars = refLatin.reduce((a, s) => a + s.length, 0);
  const refSpaces = ref.reduce((a, s) => a + (s.match(/\s/gu)?.length ?? 0), 0);
  const refSplits = ref.reduce((a, s) => a + decimalSplits(s), 0);

  const float = await prepareFloatModel(m.rec.bytes);
  const nodes = planQuantization(float.graph!, recipe.opTypes).nodes.map((n) => n.name!);
  const keep = values['keep-float']!.split(',').filter(Boolean);
  const trial = async (keepFloat: Set<string>) => {
    const { bytes } = await quantizeModel(float, stats, { opTypes: recipe.opTypes, method: recipe.method, percentile, keepFloat, ranges });
    const q = await createModelSession(bytes, 'trial', { threads: 1 });
    let edits = 0, changed = 0, latinEdits = 0, spaces = 0, splits = 0;
    for (const [i, x] of inputs.entries()) {
      const text = greedyDecode(await q.run(x), m.charset);
      const e = distance(text, ref[i]);
      edits += e;
      if (e) changed++;
      latinEdits += distance(latinDigits(text), refLatin[i]);
      spaces += spaceEdits(text, ref[i]);
      splits += decimalSplits(text);
    }
    await q.release();
    return `${((100 * edits) / refChars).toFixed(2)}% of characters changed, ${changed}/${inputs.length} crops; Latin+digits ${((100 * latinEdits) / refLatinChars).toFixed(2)}% (${latinEdits}/${refLatinChars}); spaces changed ${spaces}/${refSpaces}; decimals split ${splits} (fp32 ${refSplits})`;
  };
  console.log(`${inputs.length} recognizer inputs from ${values.sets}, percentile ${percentile}, ${refChars} characters (${refLatinChars} Latin letters and digits, ${refSpaces} spaces)`);
  // --together, --add-float and --drop-float all start from the recipe's whole effect.
  if (values.together || values['add-float'] || values['drop-float']) console.log(`all quantized but ${keep.join(',') || 'none'}: ${await trial(new Set(keep))}`);
  if (values['add-float']) {
    for (const name of nodes.filter((n) => n.includes(values.only!) && !keep.includes(n))) console.log(`+ ${name} float: ${await trial(new Set([...keep, name]))}`);
  } else if (values['drop-float']) {
    for (const name of keep.filter((n) => n.includes(values.only!))) console.log(`- ${name} quantized too: ${await trial(new Set(keep.filter((k) => k !== name)))}`);
  } else if (!values.together) {
    for (const name of nodes.filter((n) => n.includes(values.only!) && !keep.includes(n))) console.log(`only ${name}: ${await trial(new Set(nodes.filter((n) => n !== name)))}`);
  }
  return 0;
}
