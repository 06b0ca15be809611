import { readFile } from 'node:fs/promises';
import { Pool } from 'undici';
import { scoreRun } from '../accuracy/score-responses.ts';
import { runBaseline } from '../bench/baseline-pass.ts';
import type { RequestRecord } from '../load/request-record.ts';
import { runLoad } from '../load/run-load.ts';
import { createMultipartTarget, type PreparedRequest } from '../load/target.ts';
import { createSampleStream } from '../plan/pick-samples.ts';
import { parseProcStat } from '../resources/machine-cpu.ts';
import { processTree } from '../resources/process-tree.ts';
import type { EffectiveScenario } from '../results/schema.ts';
import type { BlockFigures } from './ab-stats.ts';
import { lightPassPlacement, pinTrees } from './pin-cpus.ts';
import type { DatasetItem } from '../../datasets/lib/schema.ts';

/** What every block of a gate run does, the same for base and head. */
export interface BlockPlan {
  /** Sent once, one at a time, before anything is measured (first-request costs). */
  warmIds: string[];
  /** The light pass: these images in this order, one request at a time, no think time (no queue). */
  lightIds: string[];
  /** Saturating closed load: users (>= 2x workers), no think time, for durationMs, the first warmupMs not counted. */
  saturate: { users: number; durationMs: number; warmupMs: number };
  timeoutMs: number;
}

/** The images of a dataset, read once per gate run; each block encodes them for its own server. */
export interface GateImages {
  labels: ReadonlyMap<string, DatasetItem>;
  bytes: ReadonlyMap<string, Uint8Array>;
}

export async function readImages(dir: string, items: readonly DatasetItem[], ids: Iterable<string>): Promise<GateImages> {
  const labels = new Map(items.map((i) => [i.id, i]));
  const bytes = new Map<string, Uint8Array>();
  for (const id of new Set(ids)) bytes.set(id, await readFile(`${dir}/${labels.get(id)!.file}`));
  return { labels, bytes };
}

export interface BlockResult {
  figures: BlockFigures;
  /** Error answers in the light pass and in the saturating load. */
  errors: number;
  images: number;
  /** Cores' worth of CPU that neither the server nor the gate used during the light pass (other jobs). */
  foreignCores: number;
  /** The light pass ran with the servers on one core and the harness on the others (pin-cpus.ts). */
  pinned: boolean;
}

/** Busy CPU seconds of the whole machine (every core), from /proc/stat at 100 ticks/s. */
export async function machineBusySeconds(): Promise<number> {
  const times = parseProcStat(await readFile('/proc/stat', 'utf8').catch(() => ''));
  return times ? times.busy / 100 : NaN;
}

/** CPU seconds (user + system, every thread) of a process tree, from /proc/<pid>/stat at 100 ticks/s. */
export async function treeCpuSeconds(pid: number): Promise<number> {
  let ticks = 0;
  for (const p of await processTree(pid)) {
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // Fields after the command name, which may hold spaces: utime and stime are the 14th and 15th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / 100;
}

/** Peak resident set (VmHWM) summed over a process tree, bytes. */
export async function treePeakRss(pid: number): Promise<number> {
  let kb = 0;
  for (const p of await processTree(pid)) {
    const status = await readFile(`/proc/${p}/status`, 'utf8').catch(() => '');
    kb += Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return kb * 1024;
}

/**
 * Answered images in a window, each counted by the share of its time (send to answer) inside the window:
 * a closed loop's throughput without the +-1 image of counting whole answers, which at a few images per
 * second is several % of a short window. With `weight`, each image counts its weight (capacityWeights).
 */
export function answeredIn(records: readonly Pick<RequestRecord, 'errorKind' | 'sentAt' | 'doneAt' | 'sampleId'>[], from: number, to: number, weight: (sampleId: string) => number = () => 1): number {
  let n = 0;
  for (const r of records) {
    if (r.errorKind !== null || r.sentAt === null || r.doneAt === null || r.doneAt <= r.sentAt) continue;
    const inside = Math.min(to, r.doneAt) - Math.max(from, r.sentAt);
    if (inside > 0) n += (weight(r.sampleId) * inside) / (r.doneAt - r.sentAt);
  }
  return n;
}

/**
 * Per image, its light-pass service time over the mean image's (every server of the block alike, so both
 * sides count an image the same). A few seconds of saturating load answer a dozen images, and which dozen
 * (two heavy pages more or less) moved an A/A pair's images/s by 5% (SD); weighted, a window counts the
 * work done, in mean images, whichever images it held. Pure; exported for tests.
 */
export function capacityWeights(light: readonly Pick<RequestRecord, 'errorKind' | 'sampleId' | 'serverTiming'>[]): (sampleId: string) => number {
  const sums = new Map<string, { t: number; n: number }>();
  for (const r of light) {
    const t = r.serverTiming.total;
    if (r.errorKind !== null || t === undefined || !Number.isFinite(t) || t <= 0) continue;
    const e = sums.get(r.sampleId) ?? { t: 0, n: 0 };
    e.t += t;
    e.n += 1;
    sums.set(r.sampleId, e);
  }
  const means = new Map([...sums].map(([id, e]) => [id, e.t / e.n]));
  const overall = [...means.values()].reduce((a, b) => a + b, 0) / Math.max(1, means.size);
  return (id) => {
    const m = means.get(id);
    return m === undefined || !(overall > 0) ? 1 : m / overall;
  };
}

function scenarioFor(plan: BlockPlan): EffectiveScenario {
  const { users, durationMs, warmupMs } = plan.saturate;
  return {
    name: 'gate-saturate', description: 'CI gate: saturating closed load', dataset: 'gate', mode: 'page', cls: true, cache: 'off', seed: 1, scale: 1, samplePool: null,
    requestTimeoutMs: plan.timeoutMs, thresholds: {},
    phases: [{ name: 'saturate', model: 'closed', durationMs, warmupMs, vus: users, rampMs: 0, thinkMs: null, rate: null, arrival: null, maxInFlight: null, connections: null }],
  };
}

/** Saturating closed load on the light pass's images (users >= 2x workers, no think time). */
async function saturate(target: ReturnType<typeof createMultipartTarget>, requests: ReadonlyMap<string, PreparedRequest>, plan: BlockPlan, stop: AbortSignal): Promise<{ records: RequestRecord[]; end: number }> {
  const records: RequestRecord[] = [];
  const load0 = performance.now();
  const outcome = await runLoad({
    scenario: scenarioFor(plan),
    target,
    requests,
    nextSample: createSampleStream(plan.lightIds, 1),
    seeds: { arrivals: 1, think: 1 },
    now: () => performance.now() - load0,
    stop,
    onRecord: (r) => records.push(r),
  });
  return { records, end: outcome.stoppedAt ?? plan.saturate.durationMs };
}

/** Saturating load for the plan's duration, nothing measured: warms the machine before a run's first block. */
export async function primeMachine(server: { url: string }, images: GateImages, plan: BlockPlan, stop: AbortSignal): Promise<void> {
  const target = createMultipartTarget({ url: `${server.url}/api/ocr`, query: { mode: 'page', cls: 'true' } });
  const requests = new Map<string, PreparedRequest>();
  for (const [id, bytes] of images.bytes) requests.set(id, target.prepare(id, bytes, images.labels.get(id)!.file));
  await saturate(target, requests, plan, stop);
}

/** The servers' order for turn k (an image of the light pass, a slice of capacity): ABBA, mirrored when `reverse`. */
function turnOrder(servers: number, k: number, reverse: boolean): number[] {
  const forward = Array.from({ length: servers }, (_, i) => i);
  return (k % 2 === 0) !== reverse ? forward : forward.reverse();
}

/**
 * One block over several servers alive at once (the gate's base and head, or calibration's arms), the light
 * pass interleaved request by request: image k goes to every server in turn, forward for even k and backward
 * for odd k, so each server's images share the machine's moment at the scale of one request. Each server's
 * CPU over the pass is its own work (the others idle while it answers). During the pass every server runs on
 * one core and the harness on the others (pin-cpus.ts): left to the scheduler, each server's worker stays on
 * a core of its own, and the cores' speeds differ for seconds at a time. The saturating load then runs on
 * each server in ABBA slices, on every core, except those marked light-only. Returns one BlockResult per server,
 * in the given order.
 */
export async function runInterleavedBlock(servers: readonly { url: string; pid: number }[], lightOnly: readonly boolean[], images: GateImages, plan: BlockPlan, stop: AbortSignal, reverse: boolean): Promise<BlockResult[]> {
  const sides = servers.map((server) => {
    const target = createMultipartTarget({ url: `${server.url}/api/ocr`, query: { mode: 'page', cls: 'true' } });
    const requests = new Map<string, PreparedRequest>();
    for (const [id, bytes] of images.bytes) requests.set(id, target.prepare(id, bytes, images.labels.get(id)!.file));
    // One connection per server for the warm-up and the light pass: no connection set-up inside the pass.
    return { server, target, requests, pool: new Pool(target.origin, { connections: 1 }), light: [] as RequestRecord[] };
  });
  try {
    const t0 = performance.now();
    const now = () => performance.now() - t0;
    for (const s of sides) await runBaseline(s.target, s.requests, plan.warmIds, now, plan.timeoutMs, stop, s.pool);

    const placement = lightPassPlacement();
    const pinned = placement !== null && (await pinTrees(servers.map((x) => x.pid), placement.servers)) && (await pinTrees([process.pid], placement.harness));
    const cpu = async () => Promise.all(sides.map((s) => treeCpuSeconds(s.server.pid)));
    let cpu0: number[], cpu1: number[], busy0: number, busy1: number, own: NodeJS.CpuUsage, wall0: number, wall1: number;
    try {
      [cpu0, busy0, wall0] = [await cpu(), await machineBusySeconds(), performance.now()];
      const own0 = process.cpuUsage();
      for (const [k, id] of plan.lightIds.entries()) {
        if (stop.aborted) break;
        for (const i of turnOrder(sides.length, k, reverse)) sides[i].light.push(...(await runBaseline(sides[i].target, sides[i].requests, [id], now, plan.timeoutMs, stop, sides[i].pool)));
      }
      [cpu1, busy1, own, wall1] = [await cpu(), await machineBusySeconds(), process.cpuUsage(own0), performance.now()];
    } finally {
      if (placement) await pinTrees([process.pid, ...servers.map((x) => x.pid)], placement.all);
    }
    const serverSeconds = cpu1.reduce((a, c, i) => a + c - cpu0[i], 0);
    const foreignCores = Math.max(0, busy1 - busy0 - serverSeconds - (own.user + own.system) / 1e6) / Math.max(1e-3, (wall1 - wall0) / 1000);
    return await finishBlock(sides, { cpu0, cpu1, foreignCores, pinned }, lightOnly, images, plan, stop, reverse);
  } finally {
    await Promise.all(sides.map((s) => s.pool.destroy().catch(() => undefined)));
  }
}

/** The saturating load on each server in turn, then every server's figures. */
async function finishBlock(
  sides: readonly { server: { pid: number }; target: ReturnType<typeof createMultipartTarget>; requests: ReadonlyMap<string, PreparedRequest>; light: RequestRecord[] }[],
  pass: { cpu0: number[]; cpu1: number[]; foreignCores: number; pinned: boolean },
  lightOnly: readonly boolean[],
  images: GateImages,
  plan: BlockPlan,
  stop: AbortSignal,
  reverse: boolean,
): Promise<BlockResult[]> {
  const { cpu0, cpu1, foreignCores, pinned } = pass;
  const out: BlockResult[] = [];
  // Capacity in ABBA slices (base head head base, or the reverse): a server's saturating load one after the
  // other's read the machine's drift of the seconds between them (an A/A pair's capacity moved 6.5%, SD);
  // slices in mirrored order cancel a steady drift, as the light pass's alternation does for CPU.
  const slices = 2;
  const weight = capacityWeights(sides.flatMap((x) => x.light));
  const slice = { ...plan, saturate: { ...plan.saturate, durationMs: plan.saturate.durationMs / slices, warmupMs: plan.saturate.warmupMs / slices } };
  const saturated = new Map<number, { answered: number; seconds: number; errors: number }>();
  for (let r = 0; r < slices && plan.saturate.durationMs > 0; r++) {
    for (const i of turnOrder(sides.length, r, reverse)) {
      if (lightOnly[i] || stop.aborted) continue;
      const { records, end } = await saturate(sides[i].target, sides[i].requests, slice, stop);
      const w = slice.saturate.warmupMs;
      const sum = saturated.get(i) ?? { answered: 0, seconds: 0, errors: 0 };
      if (end > w) {
        sum.answered += answeredIn(records, w, end, weight);
        sum.seconds += (end - w) / 1000;
      }
      sum.errors += records.filter((x) => x.errorKind !== null && x.errorKind !== 'aborted').length;
      saturated.set(i, sum);
    }
  }
  for (const [i, s] of sides.entries()) {
    const ok = s.light.filter((r) => r.errorKind === null);
    const totals = ok.map((r) => r.serverTiming.total ?? NaN).filter(Number.isFinite);
    const accuracy = scoreRun(s.light.map((r) => ({ ...r, phase: 'light' })), images.labels, 'none').phases.get('light')?.accuracy;
    const sat = saturated.get(i) ?? { answered: 0, seconds: 0, errors: 0 };
    out.push({
      figures: {
        cpuPerImage: ok.length ? (cpu1[i] - cpu0[i]) / ok.length : NaN,
        serviceMean: totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : NaN,
        peakRss: await treePeakRss(s.server.pid),
        pageF1: accuracy?.pageF1 ?? null,
        lineCer: accuracy?.cer ?? null,
        capacity: sat.seconds > 0 ? sat.answered / sat.seconds : NaN,
      },
      errors: s.light.length - ok.length + sat.errors,
      images: ok.length,
      foreignCores,
      pinned,
    });
  }
  return out;
}
