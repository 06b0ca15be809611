/**
 * In-process engine figures: model load time, per-stage milliseconds for real-public pages and lines
 * (median over items, after one warm-up pass), throughput on one thread, and peak RSS.
 *   npx tsx research/engine-bench/engine-stages.ts [--reps 2] [--dataset real-public] [--compare-cls] [--rec-min-width N]
 *     [--precision int8|fp32|det=int8,rec=int8] [--compare-precision <same forms>]
 * --compare-cls: every item is run with the classifier off and on alternately (same process, same load),
 * and the cost of the orientation step is printed: ms added per page/line and lines read twice.
 * --compare-precision P: a second engine at precision P reads every item right after the first one (order
 * swapped each rep), so load from other processes hits both alike; prints the per-stage speed-up.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../../datasets/lib/load.ts';
import { parsePrecisionChoice } from '../../server/models/manifest.ts';
import { createEngine } from '../../server/ocr/engine.ts';
import type { StageTimings } from '../../server/ocr/types.ts';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '2' },
    dataset: { type: 'string', default: 'real-public' },
    'compare-cls': { type: 'boolean', default: false },
    'rec-min-width': { type: 'string' },
    precision: { type: 'string' },
    'compare-precision': { type: 'string' },
  },
});
const reps = Number(values.reps);
const t0 = performance.now();
const common = values['rec-min-width'] ? { recMinWidth: Number(values['rec-min-width']) } : {};
const engine = await createEngine({ ...common, ...(values.precision ? { precision: parsePrecisionChoice(values.precision) } : {}) });
const names = (e: typeof engine) => e.models.map((m) => `${m.role} ${m.precision}`).join(' ');
console.log(`engine ready in ${Math.round(performance.now() - t0)} ms (sessions ${engine.loadMs} ms), models ${names(engine)}`);
const ds = await loadDataset(values.dataset!);
// Each pass below reads the same items: read them from disk once.
const byKind = new Map<'page' | 'line', Promise<Buffer[]>>();
const itemBytes = (kind: 'page' | 'line') => {
  if (!byKind.has(kind)) byKind.set(kind, Promise.all(ds.items.filter((i) => i.kind === kind).map((i) => readFile(path.join(ds.dir, i.file)))));
  return byKind.get(kind)!;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const kind of ['page', 'line'] as const) {
  const bytes = await itemBytes(kind);
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
  console.log(`${kind}s (${bytes.length} x ${reps}): ${perSecond.toFixed(2)}/s on one thread, ${cpuPerItem.toFixed(1)} CPU ms each; median ms ${stages.map((s) => `${s} ${median(timings.map((t) => t[s])).toFixed(1)}`).join(', ')}`);
}
if (values['compare-cls']) {
  for (const kind of ['page', 'line'] as const) {
    const bytes = await itemBytes(kind);
    const total = { off: [] as number[], on: [] as number[] };
    let twice = 0;
    let lines = 0;
    let turned = 0;
    for (let r = 0; r < reps; r++) {
      for (const b of bytes) {
        // Alternate which goes first so neither always gets the warmer cache.
        const order = r % 2 ? [true, false] : [false, true];
        for (const cls of order) {
          const res = await engine.recognize(b, { mode: kind, cls });
          total[cls ? 'on' : 'off'].push(res.timings.total);
          if (cls && r === 0) {
            twice += res.orientation?.linesReadTwice ?? 0;
            lines += res.lines.length;
            if (res.orientation?.rotation) turned++;
          }
        }
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const diffs = total.on.map((t, i) => t - total.off[i]);
    console.log(
      `${kind}s cls off → on: median ${median(total.off).toFixed(1)} → ${median(total.on).toFixed(1)} ms (x${(median(total.on) / median(total.off)).toFixed(3)}), ` +
        `mean added ${mean(diffs).toFixed(1)} ms per ${kind} (median of pairs ${median(diffs).toFixed(1)}); ` +
        `${turned} of ${bytes.length} turned, ${twice} of ${lines} lines read twice`,
    );
  }
}
if (values['compare-precision']) {
  const other = await createEngine({ ...common, precision: parsePrecisionChoice(values['compare-precision']) });
  for (const kind of ['page', 'line'] as const) {
    const bytes = await itemBytes(kind);
    for (const b of bytes) await other.recognize(b, { mode: kind });
    const t = { a: [] as StageTimings[], b: [] as StageTimings[] };
    for (let r = 0; r < reps; r++) {
      for (const b of bytes) {
        for (const which of r % 2 ? (['b', 'a'] as const) : (['a', 'b'] as const)) {
          t[which].push((await (which === 'a' ? engine : other).recognize(b, { mode: kind })).timings);
        }
      }
    }
    const sum = (xs: StageTimings[], s: keyof StageTimings) => xs.reduce((acc, x) => acc + x[s], 0);
    const stages = (['detect', 'classify', 'recognize', 'total'] as const).filter((s) => sum(t.a, s) > 0);
    console.log(`${kind}s (${bytes.length} x ${reps}) ${names(engine)} → ${names(other)}: summed ms and speed-up ${stages.map((s) => `${s} ${sum(t.a, s).toFixed(0)} → ${sum(t.b, s).toFixed(0)} (${(sum(t.a, s) / sum(t.b, s)).toFixed(2)}×)`).join(', ')}`);
  }
  await other.close();
}
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
await engine.close();
