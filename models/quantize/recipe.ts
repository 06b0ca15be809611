/**
 * What the quantize command does to each model by default: which op types get QDQ pairs, which
 * calibration method sets activation ranges, how many calibration inputs, and which nodes stay float,
 * each with the measured reason. Changing a recipe changes the int8 file and its sha256 in models/manifest.json.
 */
import type { CalibrationMethod } from './calibrate.ts';

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
}

/**
 * Recognizer nodes kept float: "alone" is the share of characters whose reading changed when only that node
 * was quantized (`npm run models -- sensitivity`, percentile 99.9999, 60 real-public crops + 60 synth-lines
 * seed 20261204 crops, 480-crop statistics). Every other conv changed ≤ 0.23% alone; MatMuls were not swept
 * one by one (all int8 with every conv float: real-public line CER unchanged, synth-lines 20261204 +0.04 points).
 * Together (models/README.md, "Accuracy gate"): real-public line CER 0.48% → 0.48% (2.86% with every conv
 * quantized), synth-lines seed 20261204 0.49% → 0.56% (1.38%). The early convs see wide BN-folded
 * pre-activation ranges (stem output −18.6…17.7 at p99.999) that one per-tensor uint8 scale cannot hold.
 */
const REC_FLOAT: Record<string, string> = {
  'p2o.Conv.0': 'stem 3→16: alone 1.91% of characters changed (19/120 crops)',
  'p2o.Conv.1': 'depthwise 16: alone 2.52% (19/120)',
  'p2o.Conv.2': '1×1 16→32: alone 1.52% (15/120)',
  'p2o.Conv.3': 'depthwise 32: alone 0.53% (7/120)',
  'p2o.Conv.4': '1×1 32→64: alone 0.61% (8/120)',
  'p2o.Conv.5': 'depthwise 64: alone 0.08% (1/120), kept with its block: the first eight convs are 4.6% of the multiply-adds at 48×320',
  'p2o.Conv.6': '1×1 64→64: alone 0.91% (10/120)',
  'p2o.Conv.7': 'depthwise 64: alone 0.69% (8/120)',
  'p2o.Conv.11': 'depthwise 128: alone 0.30% (4/120)',
  'p2o.Conv.14': '1×1 240→240: alone 0.38% (5/120)',
  'p2o.Conv.25': 'depthwise 480 5×5: alone 0.30% (3/120)',
  'p2o.Conv.29': 'depthwise 480 5×5: alone 0.38% (5/120)',
  'p2o.Conv.30': '1×1 480→480: alone 0.30% (3/120)',
};

export const RECIPES: Record<'det' | 'cls' | 'rec', Recipe> = {
  det: { opTypes: ['Conv'], method: 'percentile', percentile: 99.999, inputs: 30, keepFloat: {} },
  cls: { opTypes: ['Conv', 'Gemm'], method: 'percentile', percentile: 99.999, inputs: 200, keepFloat: {} },
  // 480 crops (of ~990 from 30 pages + 600 lines): with 72 and every node quantized real-public line CER was
  // 2.14%, with 480 2.86%: more crops alone did not help; the float convs above did.
  rec: { opTypes: ['Conv', 'MatMul'], method: 'percentile', percentile: 99.999, inputs: 480, keepFloat: REC_FLOAT },
};
