import type { ReplicaSample, ResourceSample } from '../results/schema.ts';

export interface ReplicaTotal {
  t: number;
  /** Sum over the replicas that answered this tick (% of one core). */
  cpu: number | null;
  rss: number | null;
  /** Replicas that answered. */
  up: number;
}

/**
 * The replicas summed into one service, every `intervalMs` over the scraped span: each replica counts
 * with its latest scrape at that time (see `totalAt`), so a late or skipped scrape neither drops a
 * replica from the sum nor counts it twice.
 */
export function sumReplicas(samples: readonly ReplicaSample[], intervalMs: number): ReplicaTotal[] {
  if (samples.length === 0) return [];
  const bySource = groupBySource(samples);
  const ts = samples.map((s) => s.t);
  const out: ReplicaTotal[] = [];
  for (let k = Math.round(Math.min(...ts) / intervalMs); k <= Math.round(Math.max(...ts) / intervalMs); k++) out.push({ t: k * intervalMs, ...totalAt(bySource, k * intervalMs, intervalMs) });
  return out;
}

/**
 * Sum over the replicas at time t, each with its latest scrape not older than 4 intervals (on a
 * loaded machine scrapes arrive late, and one is skipped while the previous is pending); a replica
 * whose latest scrape failed is down and adds nothing.
 */
function totalAt(bySource: Map<string, ReplicaSample[]>, t: number, intervalMs: number): Omit<ReplicaTotal, 't'> {
  let cpu: number | null = null;
  let rss: number | null = null;
  let up = 0;
  for (const list of bySource.values()) {
    const latest = latestAtOrBefore(list, t + intervalMs / 2);
    if (!latest || latest.t < t - 4 * intervalMs || !latest.up) continue;
    up++;
    if (latest.cpu !== null) cpu = round((cpu ?? 0) + latest.cpu);
    if (latest.rss !== null) rss = (rss ?? 0) + latest.rss;
  }
  return { cpu, rss, up };
}

function groupBySource(samples: readonly ReplicaSample[]): Map<string, ReplicaSample[]> {
  const bySource = new Map<string, ReplicaSample[]>();
  for (const s of samples) {
    let list = bySource.get(s.source);
    if (!list) bySource.set(s.source, (list = []));
    list.push(s);
  }
  for (const list of bySource.values()) list.sort((a, b) => a.t - b.t);
  return bySource;
}

/**
 * For a --target run, whose local sampler cannot see the server: fills each resource sample's
 * `server` from the replicas' /metrics, marked `source: 'prometheus'`, so the phase tables, the
 * summary and the `cpu`/`rss_mb` thresholds read the same as for the embedded server. A late scrape
 * must not read as a crash (the gate's check), so each replica counts with its latest live scrape
 * (`totalAt`); only when no replica answers is the server gone.
 * `cpuMachine` (% of the machine) is only meaningful when the replicas share this machine's cores,
 * which is what `sameMachine` says (every metrics URL on loopback); otherwise nothing is filled.
 */
export function fillServerFromReplicas(resources: ResourceSample[], replicas: readonly ReplicaSample[], intervalMs: number, cores: number, sameMachine: boolean): boolean {
  if (!sameMachine || replicas.length === 0) return false;
  const bySource = groupBySource(replicas);
  let filled = false;
  for (const r of resources) {
    if (r.server) continue;
    const { cpu, rss } = totalAt(bySource, r.t, intervalMs);
    if (cpu === null || rss === null) continue;
    r.server = { pids: [], cpu, cpuMachine: round(cpu / cores), rss, source: 'prometheus' };
    filled = true;
  }
  return filled;
}

function latestAtOrBefore(sorted: readonly ReplicaSample[], t: number): ReplicaSample | null {
  let lo = 0;
  let hi = sorted.length - 1;
  let found: ReplicaSample | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].t <= t) (found = sorted[mid]), (lo = mid + 1);
    else hi = mid - 1;
  }
  return found;
}

/** Every URL is on a loopback address (127.0.0.0/8, ::1, localhost). */
export function allLoopback(urls: readonly string[]): boolean {
  return urls.every((u) => {
    const h = new URL(u).hostname;
    return h === 'localhost' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h);
  });
}

const round = (x: number) => Math.round(x * 100) / 100;
