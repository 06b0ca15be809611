/** One Server-Timing entry (W3C Server Timing): a name, a duration in ms, an optional description. */
export interface TimingEntry {
  name: string;
  dur: number;
  desc?: string;
}

/** `queue;dur=1.2, decode;dur=3` — durations rounded to 0.01 ms, descriptions quoted. */
export function formatServerTiming(entries: readonly TimingEntry[]): string {
  return entries
    .map((e) => {
      const dur = Math.round(Math.max(0, e.dur) * 100) / 100;
      const desc = e.desc === undefined ? '' : `;desc="${e.desc.replace(/["\\]/g, '')}"`;
      return `${e.name}${desc};dur=${dur}`;
    })
    .join(', ');
}
