/**
 * Parses a Server-Timing header (W3C Server Timing: `name;dur=1.2;desc="x", name2;dur=3`) into
 * stage name -> ms. Metrics without a numeric dur are skipped; a repeated name keeps the first.
 */
export function parseServerTiming(header: string | string[] | undefined | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!header) return out;
  const text = Array.isArray(header) ? header.join(',') : header;
  // Hand-split rather than regex per parameter: this runs once per request in the load loop.
  for (const metric of text.split(',')) {
    const params = metric.split(';');
    const name = params[0].trim();
    if (!name || name in out) continue;
    for (let i = 1; i < params.length; i++) {
      const p = params[i];
      const eq = p.indexOf('=');
      if (eq < 0 || p.slice(0, eq).trim().toLowerCase() !== 'dur') continue;
      let v = p.slice(eq + 1).trim();
      if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
      const n = v === '' ? Number.NaN : Number(v);
      if (Number.isFinite(n)) out[name] = n;
      break;
    }
  }
  return out;
}
