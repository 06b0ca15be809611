import os from 'node:os';
import type { ReplicaSample, ResourceSample } from '../results/schema.ts';
import { discoverMetricsUrl, startPrometheusSampler, type PrometheusSampler } from './prometheus-sampler.ts';
import { allLoopback, fillServerFromReplicas } from './prometheus-series.ts';

export interface ServerMetricsOptions {
  /** `--metrics` URLs; empty: the target's own `/metrics` when it answers. */
  urls: readonly string[];
  /** Origin of the target (embedded server or --target) for the default. */
  origin: string;
  intervalMs?: number;
  now: () => number;
  phaseAt: (t: number) => string | null;
}

/** What run-bench needs from the Prometheus side: a sampler to stop and the fields for results.json. */
export interface ServerMetrics {
  urls: string[];
  /** The replicas' CPU summed over their latest scrapes (% of one core), for the live progress line. */
  latestCpu(): number | null;
  stop(): Promise<void>;
  /**
   * After the run: fills the local resource samples' `server` from /metrics when the local sampler
   * could not see the server, and returns the additive results.json fields.
   */
  finish(resources: ResourceSample[]): { replicas: ReplicaSample[]; serverResourcesFrom: 'process' | 'prometheus' | 'none' };
}

/** Starts scraping the given (or discovered) /metrics URLs; with none to scrape, records nothing. */
export async function startServerMetrics({ urls, origin, intervalMs = 500, now, phaseAt }: ServerMetricsOptions): Promise<ServerMetrics> {
  const found = urls.length ? [...urls] : [await discoverMetricsUrl(origin)].filter((u): u is string => u !== null);
  const sampler: PrometheusSampler | null = found.length ? startPrometheusSampler({ urls: found, intervalMs, now, phaseAt }) : null;
  return {
    urls: found,
    latestCpu() {
      const latest = new Map<string, number | null>();
      for (const s of sampler?.samples.slice(-4 * found.length) ?? []) latest.set(s.source, s.up ? s.cpu : null);
      const cpus = [...latest.values()].filter((c): c is number => c !== null);
      return cpus.length ? Math.round(cpus.reduce((a, b) => a + b, 0)) : null;
    },
    stop: async () => sampler?.stop(),
    finish(resources) {
      const replicas = sampler?.samples ?? [];
      const local = resources.some((r) => r.server !== null);
      if (local) return { replicas, serverResourcesFrom: 'process' };
      const filled = fillServerFromReplicas(resources, replicas, intervalMs, os.cpus().length, allLoopback(found));
      return { replicas, serverResourcesFrom: filled ? 'prometheus' : 'none' };
    },
  };
}
