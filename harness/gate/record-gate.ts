import { recordRun } from '../history/record-run.ts';
import type { GateOutcome, SideConfig } from './ab-gate.ts';
import { sideMedians } from './ab-report.ts';

/** One gate run in the history: both sides' medians, the ratios, and each metric's noise. */
export function recordGate(kind: 'gate' | 'calibration', o: GateOutcome, base: SideConfig, head: SideConfig, scenario: string): void {
  // Only an A/A run on an unshared machine says how noisy this machine is on its own (the noise prior).
  const aa = base.revision.tree === head.revision.tree && base.serverArgs.join(' ') === head.serverArgs.join(' ') && !o.shared;
  const med = sideMedians(o);
  recordRun({
    kind,
    at: new Date().toISOString(),
    commit: head.revision.commit,
    dirty: head.revision.dirty,
    scenario,
    verdict: o.verdict,
    note: `base ${base.revision.commit.slice(0, 10)}${base.serverArgs.length ? ` ${base.serverArgs.join(' ')}` : ''}${head.serverArgs.length ? `, head ${head.serverArgs.join(' ')}` : ''}`,
    figures: { base: med.base, head: med.head, ratio: Object.fromEntries(o.decisions.map((d) => [d.key, d.value])) },
    gate: o.decisions.map((d) => ({ metric: d.key, value: d.value, lo: d.lo, hi: d.hi, verdict: d.verdict, pairSd: o.pairSd[d.key] ?? null, pairs: d.interval?.pairs ?? 0, aa })),
  });
}
