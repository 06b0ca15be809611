import os from 'node:os';
import pidusage from 'pidusage';
import si from 'systeminformation';
import type { ResourceSample } from '../results/schema.ts';
import { watchLoopDelay } from './loop-delay.ts';
import { createMachineCpu } from './machine-cpu.ts';
import { processTree } from './process-tree.ts';

export interface SamplerOptions {
  /** Server process to watch (with its descendants); null for a remote target. */
  pid: number | null;
  intervalMs?: number;
  now: () => number;
  phaseAt: (t: number) => string | null;
}

export interface ResourceSampler {
  samples: ResourceSample[];
  stop(): Promise<void>;
}

/**
 * Samples every `intervalMs` (500 by default): the server's process tree (pidusage: CPU % of one
 * core since the last sample, RSS), the machine (CPU busy from /proc/stat, active memory from
 * systeminformation's mem(), which reads /proc/meminfo asynchronously), and the harness itself
 * (CPU from process.cpuUsage, event-loop delay from monitorEventLoopDelay, resolution subtracted:
 * loop-delay.ts) for the self-check that tells whether the harness, not the server, was the bottleneck.
 * The delay is read twice: per interval (p99 and max, reset every sample) and per phase (p99 since the
 * phase's first sample, reset when the phase changes), because a p99 over 500 ms of 10 ms ticks is
 * nearly its max, while the phase's p99 is the figure a reader compares with a limit.
 */
export function startResourceSampler({ pid, intervalMs = 500, now, phaseAt }: SamplerOptions): ResourceSampler {
  const samples: ResourceSample[] = [];
  const cores = os.cpus().length;
  const loop = watchLoopDelay();
  const phaseLoop = watchLoopDelay();
  let phaseNow: string | null | undefined;
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  let busy: Promise<void> = Promise.resolve();
  let stopped = false;
  // Every read here is asynchronous: nothing may block the load loop (see machine-cpu.ts).
  const machineCpu = createMachineCpu();
  // Prime the since-last-call counters so the first sample covers one interval, not process lifetime.
  void machineCpu();

  const take = async () => {
    const t = now();
    const phase = phaseAt(t);
    if (phase !== phaseNow) {
      phaseNow = phase;
      phaseLoop.reset();
    }
    let server: ResourceSample['server'] = null;
    if (pid !== null) {
      const pids = await processTree(pid);
      try {
        const stats = await pidusage(pids);
        const vals = Object.values(stats).filter(Boolean);
        const cpu = vals.reduce((s, v) => s + v.cpu, 0);
        server = { pids, cpu: round(cpu), cpuMachine: round(cpu / cores), rss: vals.reduce((s, v) => s + v.memory, 0) };
      } catch {
        server = null; // The server exited; the gap shows in the series.
      }
    }
    const [load, mem] = await Promise.all([machineCpu(), si.mem()]);
    const at = performance.now();
    const cpuNow = process.cpuUsage();
    const harnessCpu = ((cpuNow.user - lastCpu.user + cpuNow.system - lastCpu.system) / 1000 / Math.max(1, at - lastAt)) * 100;
    lastCpu = cpuNow;
    lastAt = at;
    const window = loop.read();
    samples.push({
      t: round(t),
      phase,
      server,
      machine: { cpu: round(load ?? 0), memUsed: mem.active, memTotal: mem.total },
      harness: { cpu: round(harnessCpu), loopDelayP99: round(window.p99), loopDelayMax: round(window.max), loopDelayP99Phase: round(phaseLoop.read().p99), rss: process.memoryUsage.rss() },
    });
    loop.reset();
  };

  const timer = setInterval(() => {
    if (stopped) return;
    busy = busy.then(take).catch(() => undefined);
  }, intervalMs);
  return {
    samples,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await busy;
      loop.disable();
      phaseLoop.disable();
      if (pid !== null) pidusage.clear();
    },
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
