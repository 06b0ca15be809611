/**
 * Speed and accuracy of engine option sets side by side, for choosing a profile
 * (docs/decisions/fast-profile.md). Every engine reads every item in one process, in a rotating order,
 * so load from other processes hits them alike; speed is CPU ms per item (every thread of the process,
 * sharp's too) relative to the first set, accuracy is eval's scoring (harness/accuracy).
 *   node --import tsx research/engine-bench/profile-frontier.ts --dataset <dir> [--combos a,b,c] [--reps 1] [--out f.json]
 * Combos are named in COMBOS below; `--list` prints them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../../datasets/lib/load.ts';
import { scoreItem, type ScoredItem } from '../../harness/accuracy/score-items.ts';
import { summarize } from '../../harness/accuracy/summarize.ts';
import { parsePrecisionChoice } from '../../server/models/manifest.ts';
import { createEngine, type EngineOptions } from '../../server/ocr/engine.ts';
import { PROFILES } from '../../server/ocr/profiles.ts';

const fast = PROFILES.fast;
const COMBOS: Record<string, EngineOptions> = {
  accurate: {},
  fast,
  det960: { limitSideLen: 960 },
  det736: { limitSideLen: 736 },
  int8: { precision: 'int8' },
  detInt8: { precision: parsePrecisionChoice('det=int8') },
  recInt8: { precision: parsePrecisionChoice('rec=int8') },
  w160: { recMinWidth: 160 },
  w0: { recMinWidth: 0 },
  clsOff: { defaults: { mode: 'page', cls: false } },
  rereadOff: { recRereadBelow: 0, recRereadPages: 'off' },
  batch8: { recBatchSize: 8 },
  'fast-lineCls-lineReread': { ...fast, defaults: { mode: 'page', cls: false }, recRereadBelow: 0 },
  'fast+w0': { ...fast, recMinWidth: 0 },
  'fast+w64': { ...fast, recMinWidth: 64 },
  'fast+w96': { ...fast, recMinWidth: 96 },
  'fast+w128': { ...fast, recMinWidth: 128 },
  'fast+w240': { ...fast, recMinWidth: 240 },
  'fast+w320': { ...fast, recMinWidth: 320 },
  'fast+noLineReread': { ...fast, recRereadBelow: 0 },
  'fast+lineRecInt8': { ...fast, lineRecPrecision: undefined },
  'fast+recFp32+lineClsOff': { ...fast, precision: parsePrecisionChoice('det=int8'), defaults: { mode: 'page', cls: false } },
  'fast+recFp32': { ...fast, precision: parsePrecisionChoice('det=int8') },
  'fast+w160': { ...fast, recMinWidth: 160 },
  'fast+w160+lineCls': { ...fast, recMinWidth: 160, defaults: { mode: 'page', cls: 'auto' } },
  'fast+w160+lineCls+lineReread': { ...fast, recMinWidth: 160, defaults: { mode: 'page', cls: 'auto' }, recRereadBelow: 0.9 },
  'fast+w160+lineCls+lineReread+det1280': { ...fast, recMinWidth: 160, defaults: { mode: 'page', cls: 'auto' }, recRereadBelow: 0.9, limitSideLen: 1280 },
  'fast+w160+lineCls+lineReread+recFp32': { ...fast, recMinWidth: 160, defaults: { mode: 'page', cls: 'auto' }, recRereadBelow: 0.9, precision: parsePrecisionChoice('det=int8') },
  'fast+w160+cls': { ...fast, recMinWidth: 160, defaults: { mode: 'page', cls: true } },
  'fast+w160+reread': { ...fast, recMinWidth: 160, recRereadBelow: 0.9, recRereadPages: 'han' },
  'fast+w160+recFp32': { ...fast, recMinWidth: 160, precision: parsePrecisionChoice('det=int8') },
  'w160+int8': { recMinWidth: 160, precision: 'int8' },
  'fast+det1280': { ...fast, limitSideLen: 1280 },
  'fast+fp32': { ...fast, precision: 'fp32' },
  'fast+cls': { ...fast, defaults: { mode: 'page', cls: true } },
  'det960+clsOff+rereadOff': { limitSideLen: 960, defaults: { mode: 'page', cls: false }, recRereadBelow: 0, recRereadPages: 'off' },
  'det960+clsOff+rereadOff+w160': { limitSideLen: 960, defaults: { mode: 'page', cls: false }, recRereadBelow: 0, recRereadPages: 'off', recMinWidth: 160 },
  'det960+clsOff+rereadOff+int8': { limitSideLen: 960, defaults: { mode: 'page', cls: false }, recRereadBelow: 0, recRereadPages: 'off', precision: 'int8' },
  'det960+clsOff+int8': { limitSideLen: 960, defaults: { mode: 'page', cls: false }, precision: 'int8' },
  'det960+clsOff+w160+int8': { limitSideLen: 960, defaults: { mode: 'page', cls: false }, recMinWidth: 160, precision: 'int8' },
  'det960+clsOff+rereadOff+w160+int8': { limitSideLen: 960, defaults: { mode: 'page', cls: false }, recRereadBelow: 0, recRereadPages: 'off', recMinWidth: 160, precision: 'int8' },
  'det960+clsOff+rereadOff+w0+int8': { limitSideLen: 960, defaults: { mode: 'page', cls: false }, recRereadBelow: 0, recRereadPages: 'off', recMinWidth: 0, precision: 'int8' },
};

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    combos: { type: 'string', default: 'accurate,fast' },
    reps: { type: 'string', default: '1' },
    out: { type: 'string' },
    limit: { type: 'string' },
    list: { type: 'boolean', default: false },
  },
});
if (values.list || !values.dataset) {
  console.log(Object.keys(COMBOS).join('\n'));
  process.exit(values.list ? 0 : 2);
}
const names = values.combos!.split(',');
for (const n of names) if (!COMBOS[n]) throw new Error(`unknown combo ${n}`);
const ds = await loadDataset(values.dataset!);
const items = values.limit ? ds.items.slice(0, Number(values.limit)) : ds.items;
const engines = [];
for (const n of names) engines.push(await createEngine({ threads: 1, ...COMBOS[n] }));
const bytes = await Promise.all(items.map((i) => readFile(path.join(ds.dir, i.file))));
// Warm-up: one pass over a few items per engine.
for (const e of engines) for (const [k, b] of bytes.slice(0, 3).entries()) await e.recognize(b, { mode: items[k].kind });
const cpuMs = names.map(() => 0);
const cpuByKind = names.map(() => ({ line: 0, page: 0 }));
const nByKind = { line: items.filter((i) => i.kind === 'line').length, page: items.filter((i) => i.kind === 'page').length };
const stageMs = names.map(() => ({}) as Record<string, number>);
const scored: ScoredItem[][] = names.map(() => []);
const reps = Number(values.reps);
for (let r = 0; r < reps; r++) {
  for (const [k, item] of items.entries()) {
    for (let j = 0; j < engines.length; j++) {
      const e = (j + k + r) % engines.length;
      const c0 = process.cpuUsage();
      const res = await engines[e].recognize(bytes[k], { mode: item.kind });
      const c = process.cpuUsage(c0);
      cpuMs[e] += (c.user + c.system) / 1000;
      cpuByKind[e][item.kind] += (c.user + c.system) / 1000;
      for (const [st, ms] of Object.entries(res.timings)) stageMs[e][st] = (stageMs[e][st] ?? 0) + ms / (items.length * reps);
      if (r === 0) scored[e].push(scoreItem(item, res.lines.map((l) => l.text)));
    }
    if ((k + 1) % 20 === 0) process.stderr.write(`${k + 1}/${items.length}\n`);
  }
}
const rows = names.map((n, e) => {
  const s = summarize(scored[e]);
  return {
    combo: n,
    cpuMsPerItem: cpuMs[e] / (items.length * reps),
    speedup: cpuMs[0] / cpuMs[e],
    lineSpeedup: nByKind.line ? cpuByKind[0].line / cpuByKind[e].line : undefined,
    pageSpeedup: nByKind.page ? cpuByKind[0].page / cpuByKind[e].page : undefined,
    lineCer: s.lines?.cer,
    pageF1: s.pages?.f1,
    enWsLineCer: s.englishWs?.lines?.cer,
    enWsPageF1: s.englishWs?.pages?.f1,
    stageMs: Object.fromEntries(Object.entries(stageMs[e]).map(([k, v]) => [k, Math.round(v * 10) / 10])),
  };
});
console.log(`dataset ${values.dataset} (${items.length} items x ${reps})`);
const f = (x: number | undefined, d: number, pct = false) => (x === undefined ? '' : pct ? `${(x * 100).toFixed(2)}%` : x.toFixed(d));
console.log('| combo | CPU ms/item | speed-up | lines | pages | line CER | page F1 | en ws line CER | en ws page F1 |\n|---|---|---|---|---|---|---|---|---|');
const x = (v: number | undefined) => (v === undefined ? '' : `${v.toFixed(2)}x`);
for (const r of rows) console.log(`| ${r.combo} | ${r.cpuMsPerItem.toFixed(0)} | ${r.speedup.toFixed(2)}x | ${x(r.lineSpeedup)} | ${x(r.pageSpeedup)} | ${f(r.lineCer, 2, true)} | ${f(r.pageF1, 4)} | ${f(r.enWsLineCer, 2, true)} | ${f(r.enWsPageF1, 4)} |`);
for (const r of rows) console.log(`${r.combo}: mean wall ms per stage ${JSON.stringify(r.stageMs)}`);
if (values.out) await writeFile(values.out, JSON.stringify({ dataset: values.dataset, items: items.length, reps, rows }, null, 2));
for (const e of engines) await e.close();
