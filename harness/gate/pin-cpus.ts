import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { processTree } from '../resources/process-tree.ts';

const run = promisify(execFile);

/**
 * Where the gate's light pass runs: every server on the first core, the harness on the others. Two servers
 * each left to the scheduler answer on whichever core their worker last ran on, and the two cores of a
 * machine of this kind differ in speed by a few % for seconds at a time, so one server's pass read 4–8%
 * slower than the other's on every image of it (docs/results/2026-12-07-ci-gate-pinned.md). On one core
 * both see the same core's moment, request by request.
 */
export interface Placement {
  servers: string;
  harness: string;
  all: string;
}

/** null with one core (nothing to separate) or off Linux. */
export function lightPassPlacement(cores = availableParallelism()): Placement | null {
  if (process.platform !== 'linux' || cores < 2) return null;
  return { servers: '0', harness: cores === 2 ? '1' : `1-${cores - 1}`, all: `0-${cores - 1}` };
}

/**
 * Moves every thread of the process trees to `cpus` (taskset -a: all threads, the workers' included).
 * false when taskset is missing or refused (a container without the right): the pass then runs unpinned.
 */
export async function pinTrees(pids: readonly number[], cpus: string): Promise<boolean> {
  try {
    for (const root of pids) for (const pid of await processTree(root)) await run('taskset', ['-a', '-p', '-c', cpus, String(pid)]);
    return true;
  } catch {
    return false;
  }
}
