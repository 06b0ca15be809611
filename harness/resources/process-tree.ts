import { readdir, readFile } from 'node:fs/promises';

/**
 * The pid and all its descendants, from /proc/<pid>/task/<tid>/children (Linux): the server may run
 * worker processes, and their CPU and memory are the server's too. Async and per-process, so the
 * sampler does not block the harness's event loop by scanning all of /proc. Elsewhere, just the pid.
 */
export async function processTree(root: number): Promise<number[]> {
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    let tasks: string[];
    try {
      tasks = await readdir(`/proc/${pid}/task`);
    } catch {
      continue; // Not Linux, or the process ended.
    }
    for (const tid of tasks) {
      try {
        const children = await readFile(`/proc/${pid}/task/${tid}/children`, 'utf8');
        for (const c of children.split(' ')) if (c.trim()) queue.push(Number(c));
      } catch {
        // The thread ended between readdir and read.
      }
    }
  }
  return out;
}
