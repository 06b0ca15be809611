/**
 * k6-style durations: '500ms', '30s', '2m', '1h', or combined '1m30s'. A bare number is milliseconds.
 * Grammar: duration = number | (decimal unit)+ ; unit = ms | s | m | h.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

export type Duration = string | number;

/** Milliseconds for a duration, or an error message. */
export function parseDuration(value: Duration): { ms: number } | { error: string } {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? { ms: value } : { error: `must be a non-negative number of ms, got ${value}` };
  }
  const text = value.trim();
  let total = 0;
  let consumed = 0;
  PART.lastIndex = 0;
  for (let m = PART.exec(text); m; m = PART.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    consumed = PART.lastIndex;
  }
  if (!text || consumed !== text.length) return { error: `"${value}" is not a duration like 500ms, 30s, 2m, 1m30s` };
  return { ms: total };
}
