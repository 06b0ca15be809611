/**
 * What the quantize command does to each model by default: which op types get QDQ pairs, which
 * calibration method sets activation ranges, how many calibration inputs, and which nodes stay float,
 * each with the measured reason. Changing a recipe changes the int8 file and its sha256 in models/manifest.json.
 */
import type { CalibrationMethod, RangeRule } from './calibrate.ts';

export interface Recipe {
  opTypes: string[];
  method: CalibrationMethod;
  percentile: number;
  /** Calibration inputs, spread over all recorded ones (the detector's are whole pages: slow and large). */
  inputs: number;
  /** Extra calibration pages of tickets, invoices and receipts (numbers, codes, Latin in Chinese), recognizer crops joining the others. */
  digitPages?: number;
  /** Node name → why it stays float (the measurement that said so). */
  keepFloat: Record<string, string>;
  /** Activation tensor → its own range rule and why (the measurement that said so). */
  ranges?: Record<string, { rule: RangeRule; why: string }>;
}

/** The recipe's range rules, then the command line's (which win). */
export function rangeRules(recipe: Recipe, extra: ReadonlyMap<string, RangeRule> = new Map()): Map<string, RangeRule> {
  return new Map([...Object.entries(recipe.ranges ?? {}).map(([k, v]) => [k, v.rule] as [string, RangeRule]), ...extra]);
}

/**
 * Recognizer nodes kept float. "alone": the share of characters whose reading changed when only that node was
 * quantized (`npm run models -- sensitivity`, percentile 99.9999, 60 real-public crops + 60 synth-lines seed
 * 20261204 crops, 480-crop statistics without digit pages). "drop": with today's statistics (30 digit pages) and
 * the other twelve float, that node quantized too, on 200 crops of 90 ticket/invoice/receipt pages of the tuning
 * seed 20261208 (`--drop-float`): all 13 float changes 1.45% of characters, 13 of 842 Latin letters and digits.
 * Every other conv changed ≤ 0.23% alone; keeping any one more node float (`--add-float`, the 25 convs and 13
 * MatMuls, the head included) won back at most 4 of 14 Latin letters and digits on those crops (Conv.12).
 * Together (models/README.md, "Accuracy gate"): real-public line CER 0.48% → 0.48%. Dropping 5 and 25 (best
 * "drop" figures) or 5, 14, 25 and 30 from the list: real-public line CER 0.48% → 0.95% ("STAR" read "TAR"),
 * so all 13 stay. The early convs see wide BN-folded pre-activation ranges (stem output −18.6…17.7 at p99.999)
 * that one per-tensor uint8 scale cannot hold.
 * Conv.13 (fourth attempt, models/README.md): the third twin (the 13 above) dropped spaces between English words
 * (real-public English whitespace-aware page F1 0.9836 → 0.9761). On the 113 recognizer crops of real-public's 24
 * English items, at the 505 frames where fp32 reads a space (mean P(space) 0.793): the 13-conv twin 0.687, 100 of
 * them no longer a space, 54 of the fp32 readings' 330 spaces changed (`sensitivity --add-float`, "spaces changed").
 * Keeping the head MatMul float (60), any attention MatMul (48–57), the last convs 35–37 (47–55) or giving the
 * head's input or its logits min-max ranges (54–58) wins nothing back; Conv.13 float: 11, Conv.12 float: 16, every
 * other conv float alone 23–84. The loss is the percentile clipping of Conv.13's input (Conv.12's hard-swish
 * output, p2o.Add.95: calibrated −0.21…3.00, p99.999 cuts it at 1.90): that one tensor at min-max gives 15.
 */
const REC_FLOAT: Record<string, string> = {
  'p2o.Conv.0': 'stem 3→16: alone 1.91% of characters changed (19/120 crops); drop 6.37%, Latin+digits 59/842',
  'p2o.Conv.1': 'depthwise 16: alone 2.52% (19/120); drop 8.33%, 66/842',
  'p2o.Conv.2': '1×1 16→32: alone 1.52% (15/120); drop 2.43%, 23/842',
  'p2o.Conv.3': 'depthwise 32: alone 0.53% (7/120); drop 2.31%, 20/842',
  'p2o.Conv.4': '1×1 32→64: alone 0.61% (8/120); drop 2.20%, 19/842',
  'p2o.Conv.5': 'depthwise 64: alone 0.08% (1/120), drop 1.62%, 11/842; kept with its block (the first eight convs are 4.6% of the multiply-adds at 48×320) and without it and 25 real-public fails',
  'p2o.Conv.6': '1×1 64→64: alone 0.91% (10/120); drop 2.08%, 18/842',
  'p2o.Conv.7': 'depthwise 64: alone 0.69% (8/120); drop 1.74%, 15/842',
  'p2o.Conv.11': 'depthwise 128: alone 0.30% (4/120); drop 1.74%, 17/842',
  'p2o.Conv.13': 'depthwise 240 5×5 (5.8 M multiply-adds at 48×320): its quantized input clipped at 1.90 of 3.00 drops spaces between English words; float, 11 of 330 spaces changed on real-public English crops (13 float: 54); real-public English whitespace-aware page F1 0.9836 → 0.9856 (13 float: 0.9761)',
  'p2o.Conv.14': '1×1 240→240: alone 0.38% (5/120); drop 1.62%, 10/842; without it (and 30) real-public line CER 0.95%',
  'p2o.Conv.25': 'depthwise 480 5×5: alone 0.30% (3/120); drop 1.27%, 8/842, but without it and 5 real-public line CER 0.95%',
  'p2o.Conv.29': 'depthwise 480 5×5: alone 0.38% (5/120); drop 1.79%, 15/842',
  'p2o.Conv.30': '1×1 480→480: alone 0.30% (3/120); drop 1.56%, 12/842; without it (and 14) real-public line CER 0.95%',
};

export const RECIPES: Record<'det' | 'cls' | 'rec', Recipe> = {
  det: { opTypes: ['Conv'], method: 'percentile', percentile: 99.999, inputs: 30, keepFloat: {} },
  cls: { opTypes: ['Conv', 'Gemm'], method: 'percentile', percentile: 99.999, inputs: 200, keepFloat: {} },
  // 14 convs float since the fourth attempt (Conv.13: spaces between English words, above).
  // 480 crops (spread over the crops of 30 pages + 600 lines + 30 ticket/invoice/receipt pages): with 72 and every
  // node quantized real-public line CER was 2.14%, with 480 2.86%: more crops alone did not help; the float convs
  // above did. The 30 digit pages (digitPages): without them real-public's ticket reads the train number G1418 as
  // Gi418 (engine.test.ts); with them it reads every token of that test, the 13 float convs unchanged.
  // Percentile 99.999: on the digit crops above (13 float, statistics without digit pages) 99.9999 changed 20/842
  // Latin letters and digits, 99.999 14, 99.99 11 (not gated).
  rec: { opTypes: ['Conv', 'MatMul'], method: 'percentile', percentile: 99.999, inputs: 480, digitPages: 30, keepFloat: REC_FLOAT },
};
