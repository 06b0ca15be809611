import { readFile } from 'node:fs/promises';
import os from 'node:os';

interface CpuTimes {
  busy: number;
  total: number;
}

/** The aggregate `cpu` line of /proc/stat (USER_HZ ticks): busy = everything but idle and iowait. */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n', 1)[0];
  if (!line.startsWith('cpu ')) return null;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user and nice]
  const total = f.slice(0, 8).reduce((s, x) => s + (x || 0), 0);
  const idle = (f[3] || 0) + (f[4] || 0);
  return { busy: total - idle, total };
}

async function readTimes(): Promise<CpuTimes | null> {
  try {
    return parseProcStat(await readFile('/proc/stat', 'utf8'));
  } catch {
    // Not Linux: libuv's per-core counters (one syscall, not a child process).
    const cpus = os.cpus();
    if (!cpus.length) return null;
    let busy = 0;
    let total = 0;
    for (const c of cpus) {
      const { user, nice, sys, idle, irq } = c.times;
      busy += user + nice + sys + irq;
      total += user + nice + sys + irq + idle;
    }
    return { busy, total };
  }
}

/**
 * Machine CPU busy % (all cores, 0-100) since the previous call. It reads /proc/stat with
 * fs/promises instead of systeminformation's currentLoad(), which on Linux runs
 * `execSync('cat /proc/stat | grep cpu')`: a synchronous child process on the harness's event
 * loop every sample, which a CPU profile showed blocking it for seconds of a smoke run
 * (docs/decisions/harness-measurement.md).
 */
export function createMachineCpu(): () => Promise<number | null> {
  let last: CpuTimes | null = null;
  return async () => {
    const now = await readTimes();
    if (!now) return null;
    const prev = last;
    last = now;
    if (!prev || now.total <= prev.total) return null;
    return (100 * (now.busy - prev.busy)) / (now.total - prev.total);
  };
}
