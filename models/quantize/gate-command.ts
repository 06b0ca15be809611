/**
 * `npm run models -- gate <fp32.json> <int8.json> [...pairs]`: the accuracy gate for the int8 default,
 * from `npm run eval -- --precision fp32|int8 --out ...` results of the same sets. Prints one markdown
 * table row per set and category (line CER and page F1, fp32 → int8) and the verdict: int8 passes where
 * line CER rises by at most 0.3 points and page F1 drops by at most 0.005 on every set (issue 11).
 * Exit code 0 when every row passes, 1 otherwise.
 */
import { readFile } from 'node:fs/promises';
import type { AccuracySummary } from '../../harness/accuracy/summarize.ts';

export const MAX_CER_RISE = 0.003;
export const MAX_F1_DROP = 0.005;

interface EvalJson {
  dataset: { name: string; n: number };
  models: { role: string; precision?: string }[];
  overall: AccuracySummary;
  breakdown: { category: Record<string, AccuracySummary>; kind: Record<string, AccuracySummary> };
}

export interface GateRow { set: string; group: string; n: number; cer?: [number, number]; f1?: [number, number]; pass: boolean }

export function compareEvals(a: EvalJson, b: EvalJson): GateRow[] {
  const groups: [string, AccuracySummary | undefined, AccuracySummary | undefined][] = [
    ['all', a.overall, b.overall],
    ...Object.keys(a.breakdown.category).sort().map((k) => [`category=${k}`, a.breakdown.category[k], b.breakdown.category[k]] as [string, AccuracySummary, AccuracySummary | undefined]),
  ];
  return groups.map(([group, x, y]) => {
    const cer: [number, number] | undefined = x?.lines && y?.lines ? [x.lines.cer, y.lines.cer] : undefined;
    const f1: [number, number] | undefined = x?.pages && y?.pages ? [x.pages.f1, y.pages.f1] : undefined;
    const pass = (!cer || cer[1] - cer[0] <= MAX_CER_RISE + 1e-12) && (!f1 || f1[0] - f1[1] <= MAX_F1_DROP + 1e-12);
    return { set: a.dataset.name, group, n: x?.n ?? 0, cer, f1, pass };
  });
}

export function renderGate(rows: GateRow[]): string {
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  const out = ['| set | group | n | line CER fp32 → int8 | Δ points | page F1 fp32 → int8 | Δ | gate |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const cer = r.cer ? [`${pct(r.cer[0])} → ${pct(r.cer[1])}`, `${((r.cer[1] - r.cer[0]) * 100).toFixed(2)}`] : ['', ''];
    const f1 = r.f1 ? [`${r.f1[0].toFixed(4)} → ${r.f1[1].toFixed(4)}`, `${(r.f1[1] - r.f1[0]).toFixed(4)}`] : ['', ''];
    out.push(`| ${r.set} | ${r.group} | ${r.n} | ${cer.join(' | ')} | ${f1.join(' | ')} | ${r.pass ? 'pass' : '**fail**'} |`);
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
