import type { GateOutcome } from './ab-gate.ts';
import type { MetricKey } from './ab-stats.ts';

/** The gate's console lines and its summary.md: the verdict first, then every metric, then the blocks. */
export function gateSummary(o: GateOutcome, about: { base: string; head: string; seconds: number }): string {
  const placement = o.blocks.every((b) => b.pinned) ? 'light pass on one core' : 'light pass not pinned to one core (no taskset here): noisier';
  const out = [`# CI gate: ${o.verdict}`, '', `base ${about.base}, head ${about.head}; ${o.pairs} blocks, base and head side by side, ${placement}; ${about.seconds.toFixed(0)} s`, ''];
  if (o.verdict === 'INVALID') out.push('INVALID: the machine was too noisy (or the run too short) to decide; this says nothing about the change.', '');
  for (const r of o.reasons) out.push(`- ${r}`);
  if (o.reasons.length) out.push('');
  out.push('| metric | head vs base | 90% interval | tolerance | verdict |', '|---|---|---|---|---|');
  for (const d of o.decisions) {
    const fmt = (x: number | null) => (x === null ? '-' : d.kind === 'ratio' ? `x${x.toFixed(3)}` : `${x >= 0 ? '+' : ''}${x.toFixed(4)}`);
    const tol = d.kind === 'ratio' ? `${(d.tolerance * 100).toFixed(0)}%` : String(d.tolerance);
    out.push(`| ${d.label} | ${fmt(d.value)} | ${d.lo === null ? '-' : `${fmt(d.lo)} .. ${fmt(d.hi)}`} | ${tol} | ${d.verdict}${d.interval?.pooled ? ' (noise pooled with history)' : ''} |`);
  }
  out.push('', '| block | side | CPU ms/image | service mean ms | images/s saturated | peak RSS MiB | page F1 | line CER | errors |', '|---|---|---|---|---|---|---|---|---|');
  o.blocks.forEach((b, i) => {
    const f = b.figures;
    // Results come base, head per block.
    out.push(`| ${(i >> 1) + 1} | ${b.side} | ${(f.cpuPerImage * 1000).toFixed(1)} | ${f.serviceMean.toFixed(1)} | ${f.capacity.toFixed(3)} | ${(f.peakRss / 1024 ** 2).toFixed(0)} | ${f.pageF1?.toFixed(4) ?? '-'} | ${f.lineCer?.toFixed(4) ?? '-'} | ${b.errors} |`);
  });
  return `${out.join('\n')}\n`;
}

/** Median of each metric per side, for the history's figures. */
export function sideMedians(o: GateOutcome): Record<'base' | 'head', Record<string, number | null>> {
  const med = (xs: number[]) => {
    const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : null;
  };
  const of = (side: 'base' | 'head') => {
    const blocks = o.blocks.filter((b) => b.side === side);
    const keys: MetricKey[] = ['cpuPerImage', 'serviceMean', 'peakRss', 'pageF1', 'lineCer', 'capacity'];
    return Object.fromEntries(keys.map((k) => [k, med(blocks.map((b) => b.figures[k] ?? NaN))]));
  };
  return { base: of('base'), head: of('head') };
}
