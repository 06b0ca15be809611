/**
 * The engine read by N worker threads of one process (as the server's pool runs it) or by N processes (as
 * compare's in-process engines run), each on its share of a set's line images in a loop for a fixed time.
 * Prints images/s and how much of the machine stayed idle (/proc/stat), which tells threads that wait on
 * each other from threads that have no work (docs/decisions/decode-once.md).
 *   node --import tsx research/engine-bench/threads-vs-processes.ts --as threads|processes [--n 2] [--seconds 8] [--dataset real-public] [--profile accurate]
 */
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadDataset } from '../../datasets/lib/load.ts';
import { createMachineCpu } from '../../harness/resources/machine-cpu.ts';
import { createEngine } from '../../server/ocr/engine.ts';
import type { ProfileName } from '../../server/ocr/profiles.ts';

interface Share { dataset: string; index: number; n: number; seconds: number; profile: ProfileName }

/** One reader: load the engine, read the share once, say ready, then on 'go' read it in a loop until time is up. */
async function reader(s: Share, send: (m: unknown) => void, port: { on(e: 'message', f: (m: unknown) => void): unknown }): Promise<void> {
  const ds = await loadDataset(s.dataset);
  const items = ds.items.filter((i) => i.kind === 'line').filter((_, i) => i % s.n === s.index);
  const bytes = await Promise.all(items.map((i) => readFile(path.join(ds.dir, i.file))));
  const engine = await createEngine({ threads: 1, profile: s.profile });
  for (const b of bytes) await engine.recognize(b, { mode: 'line' });
  port.on('message', async (m) => {
    if (m === 'exit') process.exit(0);
    const end = performance.now() + s.seconds * 1000;
    let count = 0;
    while (performance.now() < end) await engine.recognize(bytes[count++ % bytes.length], { mode: 'line' });
    send(count);
  });
  send('ready');
}

const role = process.env.TVP_ROLE;
if (!isMainThread || role === 'process') {
  const s: Share = isMainThread ? JSON.parse(process.env.TVP_SHARE!) : workerData;
  const send = (m: unknown) => (isMainThread ? process.send!(m) : parentPort!.postMessage(m));
  await reader(s, send, isMainThread ? process : parentPort!);
} else {
  const { values: a } = parseArgs({
    options: { as: { type: 'string', default: 'threads' }, n: { type: 'string', default: '2' }, seconds: { type: 'string', default: '8' }, dataset: { type: 'string', default: 'real-public' }, profile: { type: 'string', default: 'accurate' } },
  });
  const n = Number(a.n);
  const share = (index: number): Share => ({ dataset: a.dataset!, index, n, seconds: Number(a.seconds), profile: a.profile as ProfileName });
  const self = fileURLToPath(import.meta.url);
  type Peer = { once(e: 'message', f: (m: unknown) => void): unknown; send(m: unknown): void };
  const peers: Peer[] = Array.from({ length: n }, (_, i) => {
    if (a.as === 'processes') {
      const c = fork(self, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, TVP_ROLE: 'process', TVP_SHARE: JSON.stringify(share(i)) } });
      return { once: (e, f) => c.once(e, f), send: (m) => c.send(m as string) };
    }
    // Worker threads do not inherit tsx's hooks in Node 20: the entry registers them (as the server's does).
    const w = new Worker(new URL('./threads-vs-processes-entry.mjs', import.meta.url), { workerData: share(i) });
    return { once: (e, f) => w.once(e, f), send: (m) => w.postMessage(m) };
  });
  const next = (p: Peer) => new Promise<unknown>((r) => p.once('message', r));
  await Promise.all(peers.map(next));
  const machineBusy = createMachineCpu();
  await machineBusy();
  const counts = await Promise.all(peers.map((p) => { const r = next(p); p.send('go'); return r as Promise<number>; }));
  const busy = await machineBusy();
  const images = counts.reduce((x, y) => x + y, 0);
  console.log(`${a.as} x${n} (${a.profile}, ${a.dataset} lines): ${(images / Number(a.seconds)).toFixed(1)} images/s, machine idle ${busy === null ? '?' : (100 - busy).toFixed(1)}%`);
  peers.forEach((p) => p.send('exit'));
  process.exit(0);
}
