import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/**
 * What one scrape of a server's `/metrics` tells us, in our units. The process figures are prom-client's
 * standard `process_*` metrics, which any Node (and most Go, Python, JVM) Prometheus client exports;
 * the `ocr_*` ones are our server's own (server/metrics/metrics.ts) and null on any other service.
 */
export interface MetricsReading {
  /** `process_cpu_seconds_total`: user + system CPU of the whole process, every thread included. */
  cpuSeconds: number | null;
  /** `process_resident_memory_bytes`. */
  rss: number | null;
  queueDepth: number | null;
  inFlight: number | null;
  inProgress: number | null;
  workersReady: number | null;
  workerRestarts: number | null;
  cacheHits: number | null;
  cacheMisses: number | null;
}

const NAMES = {
  cpuSeconds: 'process_cpu_seconds_total',
  rss: 'process_resident_memory_bytes',
  queueDepth: 'ocr_queue_depth',
  inFlight: 'ocr_in_flight',
  inProgress: 'ocr_requests_in_progress',
  workersReady: 'ocr_workers_ready',
  workerRestarts: 'ocr_worker_restarts_total',
  cacheHits: 'ocr_cache_hits_total',
  cacheMisses: 'ocr_cache_misses_total',
} as const satisfies Record<keyof MetricsReading, string>;

/**
 * Parses the Prometheus text exposition format (with the maintained parse-prometheus-text-format, a
 * port of the Python client's parser) and picks the metrics above, each summed over its label sets.
 * Throws when the text is not the exposition format at all.
 */
export function readMetrics(text: string): MetricsReading {
  const families = parsePrometheusTextFormat(keepWanted(text));
  const byName = new Map(families.map((f) => [f.name, f]));
  const value = (name: string): number | null => {
    const family = byName.get(name);
    if (!family || family.metrics.length === 0) return null;
    let sum = 0;
    for (const m of family.metrics) {
      const v = Number(m.value);
      if (!Number.isFinite(v)) return null;
      sum += v;
    }
    return sum;
  };
  const out = {} as MetricsReading;
  for (const [key, name] of Object.entries(NAMES) as [keyof MetricsReading, string][]) out[key] = value(name);
  return out;
}

const WANTED = new Set<string>(Object.values(NAMES));

/**
 * Only the lines of the families we read (samples, `# HELP`, `# TYPE`) go to the parser: our server's
 * page is ~14 kB, mostly histograms, and parsing all of it took 12 ms of the harness's event loop per
 * scrape on the loaded 2-core machine (2 replicas x 2 scrapes/s); the kept ~1.5 kB parse in well under
 * a millisecond. Selecting lines by metric name is not parsing: the values still come from the parser.
 */
function keepWanted(text: string): string {
  return text
    .split('\n')
    .filter((line) => {
      if (line.startsWith('#')) return WANTED.has(line.split(' ')[2] ?? '');
      const end = line.search(/[{\s]/);
      return WANTED.has(end < 0 ? line : line.slice(0, end));
    })
    .map((line) => `${line}\n`) // The parser drops a last sample that has no newline after it.
    .join('');
}

/**
 * CPU as % of one core between two scrapes: CPU seconds spent over wall seconds elapsed, both as the
 * harness saw them. A counter that went down means the process restarted; that interval has no figure.
 */
export function cpuPercent(prev: { at: number; cpuSeconds: number | null }, next: { at: number; cpuSeconds: number | null }): number | null {
  if (prev.cpuSeconds === null || next.cpuSeconds === null || next.at <= prev.at) return null;
  const spent = next.cpuSeconds - prev.cpuSeconds;
  if (spent < 0) return null;
  return (spent * 1000 * 100) / (next.at - prev.at);
}
