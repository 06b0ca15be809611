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
 * `server` from the replicas' summed /metrics figures of the same tick, marked `source: 'prometheus'`,
 * so the phase tables, the summary and the `cpu`/`rss_mb` thresholds read the same as for the embedded
 * server. `cpuMachine` (% of the machine) is only meaningful when the replicas share this machine's
 * cores, which is what `sameMachine` says (every metrics URL on loopback); otherwise nothing is filled.
 */
export function fillServerFromReplicas(resources: ResourceSample[], replicas: readonly ReplicaSample[], intervalMs: number, cores: number, sameMachine: boolean): boolean {
  if (!sameMachine || replicas.length === 0) return false;
  const totals = new Map(sumReplicas(replicas, intervalMs).map((x) => [x.t / intervalMs, x]));
  let filled = false;
  for (const r of resources) {
    if (r.server) continue;
    const tot = totals.get(Math.round(r.t / intervalMs));
    if (!tot || tot.cpu === null || tot.rss === null) continue;
    r.server = { pids: [], cpu: tot.cpu, cpuMachine: round(tot.cpu / cores), rss: tot.rss, source: 'prometheus' };
    filled = true;
  }
  return filled;
}

/** Every URL is on a loopback address (127.0.0.0/8, ::1, localhost). */
export function allLoopback(urls: readonly string[]): boolean {
  return urls.every((u) => {
    const h = new URL(u).hostname;
    return h === 'localhost' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h);
  });
}

const round = (x: number) => Math.round(x * 100) / 100;
