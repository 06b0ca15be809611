/**
 * In-process engine figures: model load time, per-stage milliseconds for real-public pages and lines
 * (median over items, after one warm-up pass), throughput on one thread, and peak RSS.
 *   npx tsx server/bench/engine-stages.ts [--reps 2]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../../datasets/lib/load.ts';
import { createEngine } from '../ocr/engine.ts';
import type { StageTimings } from '../ocr/types.ts';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '2' }, dataset: { type: 'string', default: 'real-public' } } });
const reps = Number(values.reps);
const t0 = performance.now();
const engine = await createEngine();
console.log(`engine ready in ${Math.round(performance.now() - t0)} ms (sessions ${engine.loadMs} ms)`);
const ds = await loadDataset(values.dataset!);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const kind of ['page', 'line'] as const) {
  const items = ds.items.filter((i) => i.kind === kind);
  const bytes = await Promise.all(items.map((i) => readFile(path.join(ds.dir, i.file))));
  for (const b of bytes) await engine.recognize(b, { mode: kind });
  const timings: StageTimings[] = [];
  const start = performance.now();
  // CPU of every thread of the process (sharp's libuv threads too): other load on the machine hardly changes it.
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (const b of bytes) timings.push((await engine.recognize(b, { mode: kind })).timings);
  const perSecond = (timings.length / (performance.now() - start)) * 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuPerItem = (cpu.user + cpu.system) / 1000 / timings.length;
  const stages = Object.keys(timings[0]) as (keyof StageTimings)[];
  console.log(`${kind}s (${items.length} x ${reps}): ${perSecond.toFixed(2)}/s on one thread, ${cpuPerItem.toFixed(1)} CPU ms each; median ms ${stages.map((s) => `${s} ${median(timings.map((t) => t[s])).toFixed(1)}`).join(', ')}`);
}
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
await engine.close();
