import { request } from 'undici';
import type { ReplicaSample } from '../results/schema.ts';
import { cpuPercent, readMetrics, type MetricsReading } from './prometheus-metrics.ts';

export interface PrometheusSamplerOptions {
  /** `/metrics` URLs, one per replica. */
  urls: string[];
  intervalMs?: number;
  now: () => number;
  phaseAt: (t: number) => string | null;
  /** Longest one scrape may take; a replica slower than this is `up: false` for that tick. */
  timeoutMs?: number;
}

export interface PrometheusSampler {
  samples: ReplicaSample[];
  stop(): Promise<void>;
}

/**
 * Scrapes every replica's `/metrics` each `intervalMs` (500 by default, the local sampler's interval)
 * and records CPU (% of one core, from the `process_cpu_seconds_total` counter between two scrapes),
 * RSS and our queue, in-flight, worker-restart and cache figures. Fully async: each scrape is one
 * undici request whose answer is parsed when it arrives, a replica whose previous scrape is still
 * pending is skipped for that tick (so a slow or dead replica never piles up requests), and nothing
 * here waits on anything but the socket, so the harness's event loop is never held.
 */
export function startPrometheusSampler({ urls, intervalMs = 500, now, phaseAt, timeoutMs = Math.max(1000, 4 * intervalMs) }: PrometheusSamplerOptions): PrometheusSampler {
  const samples: ReplicaSample[] = [];
  const last = new Map<string, { at: number; cpuSeconds: number | null }>();
  const pending = new Map<string, Promise<void>>();
  let stopped = false;

  const scrape = async (url: string) => {
    let reading: MetricsReading | null = null;
    try {
      reading = await fetchMetrics(url, timeoutMs);
    } catch {
      reading = null; // Down, killed, or not a metrics endpoint: the gap shows as up: false.
    }
    const t = now();
    const prev = last.get(url);
    const cpu = reading && prev ? cpuPercent(prev, { at: t, cpuSeconds: reading.cpuSeconds }) : null;
    // A failed scrape keeps the last good reading: the next answer then covers the whole gap. (Dropping
    // it left out exactly the busiest seconds, when a loaded server answers its scrape too late, and
    // the CPU read 40% low against pidusage.) A restarted process shows as a counter that went down.
    if (reading) last.set(url, { at: t, cpuSeconds: reading.cpuSeconds });
    samples.push({ t: round(t), phase: phaseAt(t), source: url, up: reading !== null, cpu: cpu === null ? null : round(cpu), ...(reading ?? emptyReading) });
  };

  const tick = () => {
    if (stopped) return;
    for (const url of urls) {
      if (pending.has(url)) continue;
      const p = scrape(url).finally(() => pending.delete(url));
      pending.set(url, p);
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    samples,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled(pending.values());
    },
  };
}

/** One scrape: GET the URL and parse it; throws on a non-200 answer or a body that is not the text format. */
export async function fetchMetrics(url: string, timeoutMs = 2000): Promise<MetricsReading> {
  const res = await request(url, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, headers: { accept: 'text/plain' } });
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode}`);
  return readMetrics(body);
}

/**
 * The default `--metrics`: the target's own `/metrics`, when it answers with Prometheus text that has
 * the process CPU counter (so a service without one, or with a different page there, is left out).
 */
export async function discoverMetricsUrl(origin: string): Promise<string | null> {
  const url = new URL('/metrics', origin).href;
  try {
    const reading = await fetchMetrics(url);
    return reading.cpuSeconds !== null ? url : null;
  } catch {
    return null;
  }
}

const emptyReading: MetricsReading = { cpuSeconds: null, rss: null, queueDepth: null, inFlight: null, inProgress: null, workersReady: null, workerRestarts: null, cacheHits: null, cacheMisses: null };
const round = (x: number) => Math.round(x * 100) / 100;
