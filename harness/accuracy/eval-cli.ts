/**
 * npm run eval -- --dataset <dir-or-manifest> [--mode auto|page|line] [--cls auto|true|false] [--preprocess a,b,...]
 *                 [--limit-side-len N] [--rec-batch N] [--manifest models/manifest.json] [--out file.json] [--worst N]
 *                 [--precision int8|fp32]
 * Runs the engine in-process over a labeled set, prints the accuracy and writes it as JSON.
 * --mode auto (default) reads line items in line mode and page items in page mode.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../../datasets/lib/load.ts';
import { createEngine } from '../../server/ocr/engine.ts';
import type { PreprocessOptions } from '../../server/ocr/types.ts';
import { badness, scoreItem, type ScoredItem } from './score-items.ts';
import { summarize, summarizeBy, type AccuracySummary } from './summarize.ts';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    mode: { type: 'string', default: 'auto' },
    cls: { type: 'string', default: 'auto' },
    preprocess: { type: 'string', default: '' },
    'limit-side-len': { type: 'string' },
    manifest: { type: 'string' },
    threads: { type: 'string', default: '1' },
    precision: { type: 'string' },
    'rec-batch': { type: 'string' },
    out: { type: 'string' },
    worst: { type: 'string', default: '8' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || !values.dataset || !['auto', 'page', 'line'].includes(values.mode!) || ![undefined, 'int8', 'fp32'].includes(values.precision)) {
  console.log('usage: npm run eval -- --dataset <dir-or-manifest> [--mode auto|page|line] [--cls auto|true|false] [--preprocess grayscale,contrast,clahe,denoise=3,maxSide=1600] [--limit-side-len 1280] [--rec-batch 1] [--precision int8|fp32] [--out file.json] [--worst N]');
  process.exit(values.help ? 0 : 2);
}

function parsePreprocess(spec: string): PreprocessOptions | undefined {
  if (!spec) return undefined;
  const o: PreprocessOptions = {};
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=');
    if (k === 'grayscale' || k === 'contrast' || k === 'clahe') o[k] = true;
    else if (k === 'denoise') o.denoise = Number(v ?? 3);
    else if (k === 'maxSide') o.maxSide = Number(v);
    else throw new Error(`unknown preprocess step ${k}`);
  }
  return o;
}

const dataset = await loadDataset(values.dataset);
const preprocess = parsePreprocess(values.preprocess!);
const engine = await createEngine({
  threads: Number(values.threads),
  ...(values.precision ? { precision: values.precision as 'int8' | 'fp32' } : {}),
  ...(values['limit-side-len'] ? { limitSideLen: Number(values['limit-side-len']) } : {}),
  ...(values['rec-batch'] ? { recBatchSize: Number(values['rec-batch']) } : {}),
  ...(values.manifest ? { manifestPath: path.resolve(values.manifest) } : {}),
});
const scored: ScoredItem[] = [];
const stageMs = { decode: 0, preprocess: 0, detect: 0, classify: 0, recognize: 0, total: 0 };
const errors: { id: string; error: string }[] = [];
for (const item of dataset.items) {
  const mode = values.mode === 'auto' ? item.kind : (values.mode as 'page' | 'line');
  try {
    const r = await engine.recognize(await readFile(path.join(dataset.dir, item.file)), { mode, cls: values.cls === 'auto' ? undefined : values.cls === 'true', preprocess });
    for (const k of Object.keys(stageMs) as (keyof typeof stageMs)[]) stageMs[k] += r.timings[k];
    scored.push(scoreItem(item, r.lines.map((l) => l.text)));
  } catch (e) {
    errors.push({ id: item.id, error: (e as Error).message });
    scored.push(scoreItem(item, []));
  }
}
await engine.close();

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
function line(label: string, s: AccuracySummary): string {
  const parts = [`${label.padEnd(28)} n=${String(s.n).padStart(4)}`];
  if (s.lines) parts.push(`line CER ${pct(s.lines.cer)} exact ${pct(s.lines.exact)}`);
  if (s.pages) parts.push(`page F1 ${s.pages.f1.toFixed(4)} (P ${s.pages.precision.toFixed(3)} R ${s.pages.recall.toFixed(3)}, pooled ${s.pages.f1Pooled.toFixed(4)}) matched-line CER ${pct(s.pages.matchedCer)}`);
  return parts.join('  ');
}
const overall = summarize(scored);
const breakdown = {
  kind: summarizeBy(scored, (i) => i.kind),
  lang: summarizeBy(scored, (i) => i.lang),
  category: summarizeBy(scored, (i) => i.category),
  origin: summarizeBy(scored, (i) => i.origin),
};
const worst = [...scored].sort((a, b) => badness(b) - badness(a)).slice(0, Number(values.worst));
const n = dataset.items.length;
console.log(`dataset ${dataset.name} (${n} items, hash ${dataset.hash.slice(0, 16)}), mode ${values.mode}, cls ${values.cls}, preprocess ${values.preprocess || 'none'}, models ${engine.models.map((m) => `${m.role} ${m.precision}`).join(' ')}`);
console.log(line('ALL (whitespace removed)', overall));
if (overall.englishWs) console.log(line('English, whitespace-aware', { n: 0, ...overall.englishWs }));
for (const [group, table] of Object.entries(breakdown)) for (const [k, s] of Object.entries(table)) console.log(line(`${group}=${k}`, s));
console.log(`mean ms per item: ${Object.entries(stageMs).map(([k, v]) => `${k} ${(v / n).toFixed(1)}`).join(', ')}`);
if (errors.length) console.log(`errors: ${errors.map((e) => `${e.id}: ${e.error}`).join('; ')}`);
console.log('worst items:');
for (const w of worst) console.log(`  ${w.id} (${(badness(w) * 100).toFixed(1)}% bad)\n    want: ${w.expected.replace(/\n/g, ' | ')}\n    got:  ${w.got.replace(/\n/g, ' | ')}`);

const out = values.out ?? path.join('reports', `eval-${dataset.name}.json`);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify({ dataset: { name: dataset.name, hash: dataset.hash, n }, options: values, engine: engine.config, models: engine.models, overall, breakdown, meanStageMs: Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, v / n])), errors, items: scored }, null, 2));
console.log(`wrote ${out}`);
