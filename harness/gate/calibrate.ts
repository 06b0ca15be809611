import path from 'node:path';
import { writeReport } from '../report/write-report.ts';
import { runAbGate, type GateOutcome, type GateSettings, type SideConfig, type gateImages } from './ab-gate.ts';
import { sameAs, type Revision } from './ab-revisions.ts';
import type { MetricKey, NoisePrior } from './ab-stats.ts';
import { recordGate } from './record-gate.ts';
import { EXIT } from './exit-codes.ts';

/** Injected CPU regressions, % of the worker's request CPU (server --calibration-burn-pct). */
export const CALIBRATION_BURNS = [2, 5, 10];

export interface TrialRow {
  condition: string;
  burnPct: number;
  trials: number;
  /** The gate failed on the CPU metric / on any metric. */
  cpuCaught: number;
  failed: number;
  passed: number;
  invalid: number;
  /** Median CPU ratio head/base over the trials. */
  cpuRatio: number | null;
}

/** Tallies trials by condition (pure; exported for tests). */
export function tally(condition: string, burnPct: number, outcomes: readonly GateOutcome[]): TrialRow {
  const cpu = outcomes.map((o) => o.decisions.find((d) => d.key === 'cpuPerImage')).filter((d) => d?.value != null).map((d) => d!.value!).sort((a, b) => a - b);
  return {
    condition,
    burnPct,
    trials: outcomes.length,
    cpuCaught: outcomes.filter((o) => o.decisions.some((d) => d.key === 'cpuPerImage' && d.verdict === 'regression')).length,
    failed: outcomes.filter((o) => o.verdict === 'FAIL').length,
    passed: outcomes.filter((o) => o.verdict === 'PASS').length,
    invalid: outcomes.filter((o) => o.verdict === 'INVALID').length,
    cpuRatio: cpu.length ? (cpu[(cpu.length - 1) >> 1] + cpu[cpu.length >> 1]) / 2 : null,
  };
}

export function calibrationTable(rows: readonly TrialRow[]): string {
  const out = ['| condition | trials | gate FAIL (exit 99) | CPU regression caught | PASS | too noisy (exit 3) | median CPU ratio |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) out.push(`| ${r.condition} | ${r.trials} | ${r.failed} | ${r.cpuCaught} | ${r.passed} | ${r.invalid} | ${r.cpuRatio === null ? '-' : `x${r.cpuRatio.toFixed(3)}`} |`);
  return `${out.join('\n')}\n`;
}

/**
 * Measures the gate on this machine: A/A trials (the head against itself; any FAIL is a false alarm) and
 * the head against itself with an injected CPU regression (a FAIL on CPU is a detection). Conditions
 * interleave trial by trial, so a busy spell of the machine spreads over all of them.
 */
export async function calibrate(o: {
  head: Revision;
  settings: GateSettings;
  images: Awaited<ReturnType<typeof gateImages>>;
  out: string;
  trials: number;
  burns: readonly number[];
  priors: () => Partial<Record<MetricKey, NoisePrior>>;
  stop: AbortSignal;
  write: (s: string) => void;
}): Promise<number> {
  // The server refuses --calibration-burn-pct without it: calibration is the one place it is meant.
  process.env.OCR_GATE_CALIBRATION = '1';
  const base: SideConfig = { revision: sameAs(o.head), serverArgs: [] };
  const conditions = [{ name: 'A/A (no change)', burn: 0 }, ...o.burns.map((b) => ({ name: `+${b}% CPU injected`, burn: b }))];
  const outcomes = new Map(conditions.map((c) => [c.name, [] as GateOutcome[]]));
  for (let t = 0; t < o.trials && !o.stop.aborted; t++) {
    for (const c of conditions) {
      if (o.stop.aborted) break;
      o.write(`calibration trial ${t + 1}/${o.trials}: ${c.name}\n`);
      const head: SideConfig = { revision: o.head, serverArgs: c.burn ? ['--calibration-burn-pct', String(c.burn)] : [] };
      const r = await runAbGate({ base, head, settings: o.settings, images: o.images, logDir: path.join(o.out, 'logs'), priors: o.priors(), stop: o.stop, write: o.write });
      o.write(`  -> ${r.verdict}; ${r.decisions.find((d) => d.key === 'cpuPerImage')?.text ?? ''}\n`);
      outcomes.get(c.name)!.push(r);
      recordGate('calibration', r, base, head, `gate ${o.settings.dataset}`);
    }
  }
  const rows = conditions.map((c) => tally(c.name, c.burn, outcomes.get(c.name)!));
  const table = calibrationTable(rows);
  const md = `# CI gate calibration\n\n${o.settings.blocks} blocks a trial, ${o.settings.lightImages} images in the light pass, ${o.settings.saturateMs / 1000} s saturated; head ${o.head.commit.slice(0, 10)}${o.head.dirty ? '+dirty' : ''}.\nA/A: any FAIL is a false alarm. Injected: a CPU regression caught is a detection.\n\n${table}`;
  await writeReport(o.out, { 'calibration.md': md, 'calibration.json': `${JSON.stringify({ settings: o.settings, rows }, null, 2)}\n` });
  o.write(`\n${md}\nreport: ${path.join(o.out, 'calibration.md')}\n`);
  return o.stop.aborted ? EXIT.invalidRun : EXIT.pass;
}
