import type { AccuracySummary } from '../accuracy/summarize.ts';
import type { CompareResult, SpeedRow } from './compare-result.ts';
import type { ReadMode } from './engines/engine-types.ts';
import { pairedRatio, type Spread } from './figures.ts';

/** A table as plain cells, so the terminal, summary.md and the HTML page print the same figures. */
export interface Table {
  title: string;
  header: string[];
  rows: string[][];
}

const MODE_NAME: Record<ReadMode, string> = { line: 'lines', page: 'pages' };

export function fmtSpread(s: Spread | null | undefined, fmt: (v: number) => string): string {
  if (!s) return 'n/a';
  return s.n > 1 && s.max !== s.min ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median);
}
const rate = (v: number) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ms = (v: number) => `${Math.round(v)}`;
const mib = (v: number) => `${Math.round(v / 1024 / 1024)}`;
const times = (v: number) => `${v.toFixed(2)}x`;
/** The median of the per-repeat ratios and their range (compare.json files from before the range: the ratio alone). */
const ratioCell = (row: SpeedRow | undefined) =>
  row?.throughputRatioSpread ? fmtSpread(row.throughputRatioSpread, (v) => v.toFixed(2)).replace(/^[\d.]+/, (m) => `${m}x`) : row?.throughputRatio != null ? times(row.throughputRatio) : '–';

export function accuracyCell(a: AccuracySummary | undefined, mode: ReadMode): string {
  if (!a) return 'n/a';
  if (mode === 'line') return a.lines ? `CER ${(a.lines.cer * 100).toFixed(2)}%` : 'n/a';
  return a.pages ? `F1 ${a.pages.f1.toFixed(3)}` : 'n/a';
}

/** The main table per mode: speed with one and with N processes, ratios to the reference, accuracy. */
export function speedTables(r: CompareResult): Table[] {
  const n = Math.max(...r.settings.processCounts);
  const ref = r.settings.reference;
  const modes = [...new Set(r.rows.map((x) => x.mode))];
  return modes.map((mode) => {
    const row = (engine: string, p: number) => r.rows.find((x) => x.engine === engine && x.mode === mode && x.processes === p);
    const engines = r.engines.filter((e) => row(e.id, 1) || row(e.id, n));
    return {
      title: `${MODE_NAME[mode]} (${mode === 'line' ? r.dataset.lines : r.dataset.pages} images, ${r.settings.repeat} run${r.settings.repeat > 1 ? 's' : ''}: median (min–max))`,
      header: ['engine', 'img/s x1', `img/s x${n}`, `vs ${ref} x1`, `vs ${ref} x${n}`, 'P50 ms', 'P95 ms', 'load ms', 'peak RSS MiB', 'accuracy', 'errors'],
      rows: engines.map((e) => {
        const one = row(e.id, 1);
        const many = row(e.id, n);
        const acc = r.accuracy.find((a) => a.engine === e.id && a.mode === mode);
        return [
          e.id,
          fmtSpread(one?.spread.imagesPerSec, rate),
          n > 1 ? fmtSpread(many?.spread.imagesPerSec, rate) : '–',
          ratioCell(one),
          n > 1 ? ratioCell(many) : '–',
          fmtSpread(one?.spread.p50Ms, ms),
          fmtSpread(one?.spread.p95Ms, ms),
          fmtSpread(one?.spread.loadMs, ms),
          fmtSpread(one?.spread.peakRssBytes, mib),
          accuracyCell(acc?.overall, mode),
          String((one?.spread.errors ?? 0) + (many?.spread.errors ?? 0)),
        ];
      }),
    };
  });
}

/** Accuracy per category or language: rows are groups, columns engines. */
export function breakdownTables(r: CompareResult): Table[] {
  const out: Table[] = [];
  for (const mode of [...new Set(r.accuracy.map((a) => a.mode))]) {
    const rows = r.accuracy.filter((a) => a.mode === mode);
    for (const [by, pick] of [['category', (a: (typeof rows)[number]) => a.byCategory], ['language', (a: (typeof rows)[number]) => a.byLang]] as const) {
      const groups = [...new Set(rows.flatMap((a) => Object.keys(pick(a))))].sort();
      out.push({
        title: `${MODE_NAME[mode]}: accuracy by ${by} (${mode === 'line' ? 'CER, lower is better' : 'page F1, higher is better'})`,
        header: [by, 'n', ...rows.map((a) => a.engine)],
        rows: groups.map((g) => [g, String(pick(rows[0])[g]?.n ?? 0), ...rows.map((a) => accuracyCell(pick(a)[g], mode).replace(/^(CER|F1) /, ''))]),
      });
    }
  }
  return out;
}

/**
 * ours-http over ours, per mode and process count: what the server costs over the bare engine, as
 * `text`: the median of the per-repeat ratios and their range.
 */
export function serverEfficiency(r: CompareResult): { mode: ReadMode; processes: number; text: string }[] {
  return r.rows
    .filter((x) => x.engine === 'ours-http')
    .flatMap((h) => {
      const o = r.rows.find((x) => x.engine === 'ours' && x.mode === h.mode && x.processes === h.processes);
      const ratio = o ? pairedRatio(h.runs, o.runs) : null;
      return ratio !== null ? [{ mode: h.mode, processes: h.processes, text: fmtSpread(ratio, (v) => v.toFixed(2)) }] : [];
    });
}

/**
 * The reference against its own second copy (--aa), per mode and process count: the median of the
 * per-repeat ratios and their range. Two engines whose ratio falls inside it are not told apart by this run.
 */
function aaFloor(r: CompareResult): { mode: ReadMode; processes: number; text: string }[] {
  const twin = r.settings.aaTwin;
  if (!twin) return [];
  return r.rows
    .filter((x) => x.engine === twin && x.throughputRatioSpread)
    .map((x) => ({ mode: x.mode, processes: x.processes, text: fmtSpread(x.throughputRatioSpread, (v) => v.toFixed(2)) }));
}

/** One sentence for the A/A floor, or none without --aa. */
export function aaSentence(r: CompareResult, bold = (s: string) => s): string[] {
  const aa = aaFloor(r);
  if (!aa.length) return [];
  return [`A/A, ${r.settings.reference} against its second copy: ${aa.map((e) => `${MODE_NAME[e.mode]} x${e.processes} ${bold(e.text)}`).join(', ')}; ratios inside these ranges are within this run's noise`];
}

export function toText(t: Table): string {
  const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [t.title, line(t.header), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

export function toMarkdown(t: Table): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`**${t.title}**`, '', `| ${t.header.map(esc).join(' | ')} |`, `|${t.header.map(() => '---').join('|')}|`, ...t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
