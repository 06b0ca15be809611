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
 * Sums the replicas' scrapes per sampling tick (scrapes of one tick land within a few ms of each
 * other; the tick is t rounded to the interval), so N replicas read as one service over time.
 */
export function sumReplicas(samples: readonly ReplicaSample[], intervalMs: number): ReplicaTotal[] {
  const ticks = new Map<number, ReplicaSample[]>();
  for (const s of samples) {
    const k = Math.round(s.t / intervalMs);
    let list = ticks.get(k);
    if (!list) ticks.set(k, (list = []));
    list.push(s);
  }
  return [...ticks.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, list]) => {
      const up = list.filter((s) => s.up);
      const cpus = up.map((s) => s.cpu).filter((v): v is number => v !== null);
      const rss = up.map((s) => s.rss).filter((v): v is number => v !== null);
      return { t: k * intervalMs, cpu: cpus.length ? round(cpus.reduce((a, b) => a + b, 0)) : null, rss: rss.length ? rss.reduce((a, b) => a + b, 0) : null, up: up.length };
    });
}

/**
 * For a --target run, whose local sampler cannot see the server: fills each resource sample's
 * `server` from the replicas' /metrics, marked `source: 'prometheus'`, so the phase tables, the
 * summary and the `cpu`/`rss_mb` thresholds read the same as for the embedded server. Each replica
 * counts with its latest scrape not older than 4 intervals (on a loaded machine scrapes arrive late
 * and are skipped while one is pending; a gap there must not read as a crash); a replica whose latest
 * scrape failed is down and adds nothing, and only when no replica answers is the server gone.
 * `cpuMachine` (% of the machine) is only meaningful when the replicas share this machine's cores,
 * which is what `sameMachine` says (every metrics URL on loopback); otherwise nothing is filled.
 */
export function fillServerFromReplicas(resources: ResourceSample[], replicas: readonly ReplicaSample[], intervalMs: number, cores: number, sameMachine: boolean): boolean {
  if (!sameMachine || replicas.length === 0) return false;
  const bySource = new Map<string, ReplicaSample[]>();
  for (const s of replicas) {
    let list = bySource.get(s.source);
    if (!list) bySource.set(s.source, (list = []));
    list.push(s);
  }
  for (const list of bySource.values()) list.sort((a, b) => a.t - b.t);
  let filled = false;
  for (const r of resources) {
    if (r.server) continue;
    let cpu = 0;
    let rss = 0;
    let answered = 0;
    for (const list of bySource.values()) {
      const latest = latestAtOrBefore(list, r.t + intervalMs / 2);
      if (!latest || latest.t < r.t - 4 * intervalMs || !latest.up || latest.cpu === null || latest.rss === null) continue;
      cpu += latest.cpu;
      rss += latest.rss;
      answered++;
    }
    if (answered === 0) continue;
    r.server = { pids: [], cpu: round(cpu), cpuMachine: round(cpu / cores), rss, source: 'prometheus' };
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
