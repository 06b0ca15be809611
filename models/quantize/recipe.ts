/**
 * What the quantize command does to each model by default: which op types get QDQ pairs, which
 * calibration method sets activation ranges, and which nodes stay float, each with the measured reason.
 * Changing a recipe changes the int8 file and its sha256 in models/manifest.json.
 */
import type { CalibrationMethod } from './calibrate.ts';

export interface Recipe {
  opTypes: string[];
  method: CalibrationMethod;
  percentile: number;
  /** Node name → why it stays float (the measurement that said so). */
  keepFloat: Record<string, string>;
}

export const RECIPES: Record<'det' | 'cls' | 'rec', Recipe> = {
  det: { opTypes: ['Conv'], method: 'percentile', percentile: 99.999, keepFloat: {} },
  cls: { opTypes: ['Conv', 'Gemm'], method: 'percentile', percentile: 99.999, keepFloat: {} },
  rec: { opTypes: ['Conv', 'MatMul'], method: 'percentile', percentile: 99.999, keepFloat: {} },
};
