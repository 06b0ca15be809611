/**
 * `npm run models -- gate <fp32.json> <int8.json> [...pairs]`: the accuracy gate for the int8 default,
 * from `npm run eval -- --precision fp32|int8 --out ...` results of the same sets. Prints one markdown
 * table row per set and category (line CER and page F1, fp32 → int8) and the verdict: int8 passes where
 * line CER rises by at most 0.3 points and page F1 drops by at most 0.005 on every set (issue 11), and
 * the English whitespace-aware figure (line CER, page F1 over English items, single spaces kept: a space
 * dropped between two words counts) moves by at most the same amounts; the figures above remove all
 * whitespace, so without it a twin that merges English words passes (the third rec twin: 0.9836 → 0.9761);
 * and numbers split at the decimal point (decimal-splits.ts: readings' splits beyond their labels', every item)
 * rise by at most MAX_SPLIT_RISE (the fourth rec twin: real-public 2 → 9).
 * Exit code 0 when every whole-set row passes, 1 otherwise.
 */
import { readFile } from 'node:fs/promises';
import type { AccuracySummary } from '../../harness/accuracy/summarize.ts';
import { extraDecimalSplits } from './decimal-splits.ts';

export const MAX_CER_RISE = 0.003;
export const MAX_F1_DROP = 0.005;
/** English whitespace-aware page F1 (and line CER) may move by at most this much (issue 11, spaces between words). */
export const MAX_WS_DROP = 0.002;
/** Numbers split at the decimal point on a whole set, int8 beyond fp32 (one is noise on 55 decimals; five were not). */
export const MAX_SPLIT_RISE = 1;

interface EvalJson {
  dataset: { name: string; n: number };
  models: { role: string; precision?: string }[];
  overall: AccuracySummary;
  breakdown: { category: Record<string, AccuracySummary>; kind: Record<string, AccuracySummary> };
  items?: { got: string; expected: string }[];
}

const splitsOf = (e: EvalJson) => (e.items ? e.items.reduce((a, i) => a + extraDecimalSplits(i.got, i.expected), 0) : undefined);

export interface GateRow {
  set: string; group: string; n: number; cer?: [number, number]; f1?: [number, number];
  /** English items, whitespace-aware (whole-set rows only): line CER and page F1, fp32 and int8. */
  wsCer?: [number, number]; wsF1?: [number, number];
  /** Numbers split at the decimal point beyond the labels' (whole-set rows only), fp32 and int8. */
  splits?: [number, number];
  pass: boolean;
}

export function compareEvals(a: EvalJson, b: EvalJson): GateRow[] {
  const groups: [string, AccuracySummary | undefined, AccuracySummary | undefined][] = [
    ['all', a.overall, b.overall],
    ...Object.keys(a.breakdown.category).sort().map((k) => [`category=${k}`, a.breakdown.category[k], b.breakdown.category[k]] as [string, AccuracySummary, AccuracySummary | undefined]),
  ];
  return groups.map(([group, x, y]) => {
    const cer: [number, number] | undefined = x?.lines && y?.lines ? [x.lines.cer, y.lines.cer] : undefined;
    const f1: [number, number] | undefined = x?.pages && y?.pages ? [x.pages.f1, y.pages.f1] : undefined;
    const ws = group === 'all' ? [x?.englishWs, y?.englishWs] : [];
    const wsCer: [number, number] | undefined = ws[0]?.lines && ws[1]?.lines ? [ws[0].lines.cer, ws[1].lines.cer] : undefined;
    const wsF1: [number, number] | undefined = ws[0]?.pages && ws[1]?.pages ? [ws[0].pages.f1, ws[1].pages.f1] : undefined;
    const [sa, sb] = group === 'all' ? [splitsOf(a), splitsOf(b)] : [];
    const splits: [number, number] | undefined = sa !== undefined && sb !== undefined ? [sa, sb] : undefined;
    const pass = (!splits || splits[1] - splits[0] <= MAX_SPLIT_RISE) && (!cer || cer[1] - cer[0] <= MAX_CER_RISE + 1e-12) && (!f1 || f1[0] - f1[1] <= MAX_F1_DROP + 1e-12)
      && (!wsCer || wsCer[1] - wsCer[0] <= MAX_WS_DROP + 1e-12) && (!wsF1 || wsF1[0] - wsF1[1] <= MAX_WS_DROP + 1e-12);
    return { set: a.dataset.name, group, n: x?.n ?? 0, cer, f1, ...(wsCer ? { wsCer } : {}), ...(wsF1 ? { wsF1 } : {}), ...(splits ? { splits } : {}), pass };
  });
}

export function renderGate(rows: GateRow[]): string {
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  const cerCells = (c?: [number, number]) => (c ? [`${pct(c[0])} → ${pct(c[1])}`, `${((c[1] - c[0]) * 100).toFixed(2)}`] : ['', '']);
  const f1Cells = (f?: [number, number]) => (f ? [`${f[0].toFixed(4)} → ${f[1].toFixed(4)}`, `${(f[1] - f[0]).toFixed(4)}`] : ['', '']);
  const out = [
    '| set | group | n | line CER fp32 → int8 | Δ points | page F1 fp32 → int8 | Δ | EN ws-aware line CER | Δ points | EN ws-aware page F1 | Δ | decimals split | gate |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    out.push(`| ${r.set} | ${r.group} | ${r.n} | ${[...cerCells(r.cer), ...f1Cells(r.f1), ...cerCells(r.wsCer), ...f1Cells(r.wsF1), r.splits ? `${r.splits[0]} → ${r.splits[1]}` : ''].join(' | ')} | ${r.pass ? 'pass' : '**fail**'} |`);
  }
  return out.join('\n');
}

export async function gateCommand(files: string[]): Promise<number> {
  if (files.length < 2 || files.length % 2) {
    console.error('usage: npm run models -- gate <fp32.json> <int8.json> [<fp32.json> <int8.json> ...]');
    return 2;
  }
  const rows: GateRow[] = [];
  for (let i = 0; i < files.length; i += 2) {
    const [a, b] = await Promise.all(files.slice(i, i + 2).map(async (f) => JSON.parse(await readFile(f, 'utf8')) as EvalJson));
    if (a.dataset.name !== b.dataset.name) throw new Error(`${files[i]} and ${files[i + 1]} are different sets`);
    rows.push(...compareEvals(a, b));
  }
  console.log(renderGate(rows));
  const failed = rows.filter((r) => !r.pass && r.group === 'all');
  console.log(`\nverdict (whole sets): ${failed.length ? `FAIL on ${failed.map((r) => r.set).join(', ')}` : 'PASS on every set'}; categories failing: ${rows.filter((r) => !r.pass && r.group !== 'all').map((r) => `${r.set}/${r.group}`).join(', ') || 'none'}`);
  return failed.length ? 1 : 0;
}
