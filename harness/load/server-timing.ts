/**
 * Parses a Server-Timing header (W3C Server Timing: `name;dur=1.2;desc="x", name2;dur=3`) into
 * stage name -> ms. Metrics without a numeric dur are skipped; a repeated name keeps the first.
 */
export function parseServerTiming(header: string | string[] | undefined | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!header) return out;
  const text = Array.isArray(header) ? header.join(',') : header;
  for (const metric of text.split(',')) {
    const [rawName, ...params] = metric.split(';');
    const name = rawName.trim();
    if (!name || name in out) continue;
    for (const p of params) {
      const m = /^\s*dur\s*=\s*"?(-?[\d.]+(?:e[+-]?\d+)?)"?\s*$/i.exec(p);
      if (m && Number.isFinite(Number(m[1]))) {
        out[name] = Number(m[1]);
        break;
      }
    }
  }
  return out;
}
