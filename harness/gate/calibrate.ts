import path from 'node:path';
import { writeReport } from '../report/write-report.ts';
import { decide, gateScenario, runInterleaved, type Arm, type BlockRecord, type GateOutcome, type GateSettings, type SideConfig, type gateImages } from './ab-gate.ts';
import { sameAs, type Revision } from './ab-revisions.ts';
import { AB_METRICS, type MetricKey, type NoisePrior } from './ab-stats.ts';
import { recordGate } from './record-gate.ts';
import { EXIT } from '../../server/exit-codes.ts';

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

/** Metrics judged for an injected arm: its blocks run the light pass only, so no capacity, and RSS unlike the base's. */
const INJECTED_RULES = AB_METRICS.filter((r) => r.key !== 'capacity' && r.key !== 'peakRss');

/**
 * Measures the gate on this machine: A/A trials (the head against itself; any FAIL is a false alarm) and
 * the head against itself with an injected CPU regression (a FAIL on CPU is a detection). Each trial is
 * what one gate run decides (settings.blocks blocks per condition), but the conditions of a trial share
 * its base blocks and the injected conditions run the light pass only: one trial costs about what two gate
 * runs would, not four. Trials follow one another, so a busy spell of the machine spreads over every
 * condition of the trial it falls in.
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
  const conditions = [{ name: 'A/A (no change)', label: 'A/A', burn: 0 }, ...o.burns.map((b) => ({ name: `+${b}% CPU injected`, label: `+${b}%`, burn: b }))];
  const arms: Arm[] = [
    { config: base },
    ...conditions.map((c) => ({ config: { revision: o.head, serverArgs: c.burn ? ['--calibration-burn-pct', String(c.burn)] : [] }, lightOnly: c.burn > 0 })),
  ];
  const blocks = Math.max(2, o.settings.blocks);
  const outcomes = new Map(conditions.map((c) => [c.name, [] as GateOutcome[]]));
  const label = (a: number) => (a === 0 ? 'base' : conditions[a - 1].label);
  for (let t = 0; t < o.trials && !o.stop.aborted; t++) {
    o.write(`calibration trial ${t + 1}/${o.trials}: ${blocks} blocks of base and each of ${conditions.map((c) => c.label).join(', ')}\n`);
    // All arms alive in each block, the light pass rotating through them; per block, the base's result and each condition's.
    const done = await runInterleaved({ arms, blocks, settings: o.settings, images: o.images, logDir: path.join(o.out, 'logs', `trial-${t + 1}`), stop: o.stop, label, write: o.write, prime: t === 0, firstReverse: (t * blocks) % 2 === 1 });
    if (o.stop.aborted) break;
    const pairsOf = conditions.map((_, k) => done.map((block) => ({ base: block[0], arm: block[k + 1] })));
    const priors = o.priors();
    conditions.forEach((c, k) => {
      const records: BlockRecord[] = pairsOf[k].flatMap((p) => [
        { ...p.base.result, side: 'base' as const, coldStartMs: p.base.coldStartMs },
        { ...p.arm.result, side: 'head' as const, coldStartMs: p.arm.coldStartMs },
      ]);
      const r = decide(records, priors, c.burn ? INJECTED_RULES : AB_METRICS, false, o.settings.maxForeignCores);
      o.write(`  ${c.name} -> ${r.verdict}; ${r.decisions.find((d) => d.key === 'cpuPerImage')?.text ?? ''}\n`);
      outcomes.get(c.name)!.push(r);
      recordGate('calibration', r, base, arms[k + 1].config, gateScenario(o.settings));
    });
  }
  const rows = conditions.map((c) => tally(c.name, c.burn, outcomes.get(c.name)!));
  const table = calibrationTable(rows);
  const done = rows[0]?.trials ?? 0;
  const md = `# CI gate calibration\n\n${done === o.trials ? `${done} trials` : `${done} of ${o.trials} trials (interrupted)`} of ${blocks} blocks (the gate with --blocks ${blocks}), ${o.settings.lightImages} images in the light pass, ${o.settings.saturateMs / 1000} s saturated (base and A/A blocks); head ${o.head.commit.slice(0, 10)}${o.head.dirty ? '+dirty' : ''}.\nA/A: any FAIL is a false alarm. Injected: a CPU regression caught is a detection.\n\n${table}`;
  await writeReport(o.out, { 'calibration.md': md, 'calibration.json': `${JSON.stringify({ settings: o.settings, rows, trials: Object.fromEntries([...outcomes].map(([k, v]) => [k, v.map((x) => ({ verdict: x.verdict, decisions: x.decisions.map((d) => ({ key: d.key, value: d.value, lo: d.lo, hi: d.hi, verdict: d.verdict })), blocks: x.blocks.map((b) => ({ side: b.side, figures: b.figures, foreignCores: b.foreignCores })) }))])) }, null, 2)}\n` });
  o.write(`\n${md}\nreport: ${path.join(o.out, 'calibration.md')}\n`);
  return o.stop.aborted ? EXIT.INVALID : EXIT.OK;
}
