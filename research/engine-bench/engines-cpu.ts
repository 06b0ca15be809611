/**
 * CPU per item of compare's engines (harness/compare/engines) read interleaved in one process: every item
 * goes to each engine in turn, rotating the order, so load from other processes hits them alike, which a
 * compare run (engines one after another) cannot promise on a shared machine. Scores as compare does.
 * Figures are the process's CPU (every thread) per item; the ratio of two engines' CPU per item is the
 * ratio of their single-thread throughput when they are CPU-bound (docs/results/2026-12-07-fast-profile.md).
 * CPU / wall above 1 means the engine kept more than one core busy while reading one image.
 *   node --import tsx research/engine-bench/engines-cpu.ts --dataset <dir> [--engines ours-fast,ours,ppu] [--reps 1]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../datasets/lib/load.ts';
import { scoreItem, type ScoredItem } from '../../harness/accuracy/score-items.ts';
import { summarize } from '../../harness/accuracy/summarize.ts';
import { engineModule } from '../../harness/compare/engines/registry.ts';
import type { EngineAdapter } from '../../harness/compare/engines/engine-types.ts';

const { values } = parseArgs({ options: { dataset: { type: 'string' }, engines: { type: 'string', default: 'ours-fast,ours,ppu' }, reps: { type: 'string', default: '1' } } });
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const names = values.engines!.split(',');
const ds = await loadDataset(values.dataset!);
const kinds = [...new Set(ds.items.map((i) => i.kind))];
const adapters: Record<string, Record<string, EngineAdapter>> = {};
for (const n of names) {
  adapters[n] = {};
  for (const k of kinds) adapters[n][k] = await (await engineModule(n)).load({ engine: n, mode: k, root });
}
const bytes = await Promise.all(ds.items.map((i) => readFile(path.join(ds.dir, i.file))));
for (const n of names) for (const [k, item] of ds.items.slice(0, 3).entries()) await adapters[n][item.kind].read(bytes[k], item.file);
const cpu: Record<string, Record<string, number>> = Object.fromEntries(names.map((n) => [n, { line: 0, page: 0 }]));
const wall: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
const scored: Record<string, ScoredItem[]> = Object.fromEntries(names.map((n) => [n, []]));
const reps = Number(values.reps);
for (let r = 0; r < reps; r++) {
  for (const [k, item] of ds.items.entries()) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(j + k + r) % names.length];
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      const lines = await adapters[n][item.kind].read(bytes[k], path.join(ds.dir, item.file));
      wall[n] += performance.now() - w0;
      const c = process.cpuUsage(c0);
      cpu[n][item.kind] += (c.user + c.system) / 1000;
      if (r === 0) scored[n].push(scoreItem(item, lines));
    }
  }
}
const count = { line: ds.items.filter((i) => i.kind === 'line').length * reps, page: ds.items.filter((i) => i.kind === 'page').length * reps };
const ref = names[names.length - 1];
console.log(`dataset ${values.dataset}: ${count.line / reps} lines, ${count.page / reps} pages, x${reps}; ratios against ${ref} (its CPU per item over the engine's)`);
console.log('| engine | line CPU ms | lines vs ref | line CER | page CPU ms | pages vs ref | page F1 | CPU / wall |\n|---|---|---|---|---|---|---|---|');
for (const n of names) {
  const s = summarize(scored[n]);
  const per = (k: 'line' | 'page') => (count[k] ? cpu[n][k] / count[k] : NaN);
  const vs = (k: 'line' | 'page') => (count[k] ? `${(cpu[ref][k] / cpu[n][k]).toFixed(2)}x` : '');
  console.log(`| ${n} | ${per('line').toFixed(1)} | ${vs('line')} | ${s.lines ? `${(s.lines.cer * 100).toFixed(2)}%` : ''} | ${per('page').toFixed(0)} | ${vs('page')} | ${s.pages ? s.pages.f1.toFixed(4) : ''} | ${((cpu[n].line + cpu[n].page) / wall[n]).toFixed(2)} |`);
}
for (const n of names) for (const a of Object.values(adapters[n])) await a.close();
