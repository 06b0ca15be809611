/**
 * npm run eval -- --dataset <dir-or-manifest> [--mode auto|page|line] [--cls auto|true|false] [--preprocess a,b,...] [--from N] [--limit N]
 *                 [--limit-side-len N] [--rec-batch N] [--rec-min-width N] [--space-weight W] [--letter-digit-min-p P] [--times-sign-min-p P] [--reread-below C] [--reread-pages off|han|all] [--manifest models/manifest.json]
 *                 [--out file.json] [--worst N]
 *                 [--precision int8|fp32|det=int8,rec=int8]   (per role: roles not named stay fp32)
 * Runs the engine in-process over a labeled set, prints the accuracy and writes it as JSON.
 * --mode auto (default) reads line items in line mode and page items in page mode.
 * Prints the whole set, then by kind, language, category, category x language and origin; the CER of
 * line items above and below the server's documented confidence threshold (--confidence to try
 * another); how often the orientation step turned an image and read lines twice.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DatasetError, loadDataset, type LoadedDataset } from '../../datasets/lib/load.ts';
import { exitOnError, fromCaller, helpEpilogue, UsageError } from '../../server/cli/convention.ts';
import { EXIT } from '../../server/exit-codes.ts';
import { parsePrecisionChoice, type PrecisionChoice } from '../../server/models/manifest.ts';
import { CONFIDENCE_THRESHOLD } from '../../server/ocr/confidence.ts';
import { createEngine } from '../../server/ocr/engine.ts';
import { REREAD_PAGES, type RereadPages } from '../../server/ocr/engine-api.ts';
import type { PreprocessOptions } from '../../server/ocr/types.ts';
import { badness, scoreItem, type ScoredItem } from './score-items.ts';
import { splitByConfidence, summarize, summarizeBy, type AccuracySummary } from './summarize.ts';

const USAGE = `usage: npm run eval -- --dataset <dir-or-manifest> [--mode auto|page|line] [--cls auto|true|false] [--preprocess grayscale,contrast,clahe,denoise=3,maxSide=1600] [--limit-side-len 1280] [--rec-batch 1] [--rec-min-width 320] [--space-weight W] [--letter-digit-min-p P] [--times-sign-min-p P] [--reread-below C] [--reread-pages off|han|all] [--precision int8|fp32|det=int8,rec=int8] [--out file.json] [--worst N] [--confidence ${CONFIDENCE_THRESHOLD}] [--from N] [--limit N] (--cls auto: the engine's default)`;

const args = {
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
    'rec-min-width': { type: 'string' },
    'space-weight': { type: 'string' },
    'letter-digit-min-p': { type: 'string' },
    'times-sign-min-p': { type: 'string' },
    'reread-below': { type: 'string' },
    'reread-pages': { type: 'string' },
    out: { type: 'string' },
    worst: { type: 'string', default: '8' },
    confidence: { type: 'string', default: String(CONFIDENCE_THRESHOLD) },
    limit: { type: 'string' },
    from: { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h', default: false },
  },
} as const;
let values: ReturnType<typeof parseArgs<typeof args>>['values'];
try {
  ({ values } = parseArgs(args));
} catch (e) {
  // An unknown flag or a value that looks like one (`--space-weight -1`): a usage error, not a stack trace.
  exitOnError('eval', e);
}
let precision: PrecisionChoice | undefined;
let badPrecision = false;
try {
  precision = values.precision ? parsePrecisionChoice(values.precision) : undefined;
} catch (e) {
  console.error((e as Error).message);
  badPrecision = true;
}
const badSpaceWeight = values['space-weight'] !== undefined && !(Number(values['space-weight']) > 0 && Number.isFinite(Number(values['space-weight'])));
if (badSpaceWeight) console.error(`--space-weight: want a positive number, got "${values['space-weight']}"`);
/** Whether a flag given as a number from 0 (off) to 1 is one; says what is wrong when not. */
function badUnitFlag(flag: string, what: string, value: string | undefined): boolean {
  const bad = value !== undefined && !(value.trim() !== '' && Number(value) >= 0 && Number(value) <= 1);
  if (bad) console.error(`--${flag}: want a ${what} from 0 (off) to 1, got "${value}"`);
  return bad;
}
const letterDigit = values['letter-digit-min-p'];
const badLetterDigit = badUnitFlag('letter-digit-min-p', 'probability', letterDigit);
const timesSign = values['times-sign-min-p'];
const badTimesSign = badUnitFlag('times-sign-min-p', 'probability', timesSign);
const reread = values['reread-below'];
const badReread = badUnitFlag('reread-below', 'confidence', reread);
const rereadPages = values['reread-pages'];
const badRereadPages = rereadPages !== undefined && !(REREAD_PAGES as readonly string[]).includes(rereadPages);
if (badRereadPages) console.error(`--reread-pages: want one of ${REREAD_PAGES.join(', ')}, got "${rereadPages}"`);
const badFlag = badPrecision || badSpaceWeight || badLetterDigit || badTimesSign || badReread || badRereadPages;
if (values.help && !badFlag) {
  process.stdout.write(`${USAGE}\n${helpEpilogue(['npm run eval -- --dataset datasets/real-public', 'npm run eval -- --dataset datasets/lines-500 --limit 50 --out /tmp/eval.json'])}`);
  process.exit(EXIT.OK);
}
// Each bad flag has said what is wrong on its own line above; the rest are one line here.
if (badFlag) process.exit(EXIT.USAGE);
if (!values.dataset) exitOnError('eval', new UsageError('--dataset is required'));
if (!['auto', 'page', 'line'].includes(values.mode!)) exitOnError('eval', new UsageError(`--mode takes auto, page or line, got "${values.mode}"`));

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

// Any folder works (datasets/lib: a manifest.jsonl, or images with sidecar NAME.txt labels); a set that
// is missing or does not load is a bad argument: one line, exit 2, nothing started.
let loaded: LoadedDataset;
try {
  const typed = fromCaller(values.dataset!);
  loaded = await loadDataset(existsSync(typed) ? typed : values.dataset!);
} catch (e) {
  const why = e instanceof DatasetError ? e.problems.map((p) => p.message).join('; ') : (e as Error).message;
  exitOnError('eval', new UsageError(`--dataset ${values.dataset}: ${why}`));
}
if (!loaded.items.length) {
  exitOnError('eval', new UsageError(`--dataset ${values.dataset}: no image has a label (NAME.txt beside it, or a manifest.jsonl): nothing to score`));
}
if (loaded.unlabelled.length) console.error(`note: ${loaded.unlabelled.length} image(s) without a label are not scored`);
if (loaded.skipped.length) console.error(`note: skipped ${loaded.skipped.length} file(s) that are not images: ${loaded.skipped.slice(0, 10).join(', ')}`);
// --from/--limit: a slice of the set (a quick look, or shards run side by side; the figures describe that slice).
const from = Number(values.from);
const dataset = values.limit || from ? { ...loaded, items: loaded.items.slice(from, values.limit ? from + Number(values.limit) : undefined) } : loaded;
const preprocess = parsePreprocess(values.preprocess!);
const engine = await createEngine({
  threads: Number(values.threads),
  ...(precision ? { precision } : {}),
  ...(values['limit-side-len'] ? { limitSideLen: Number(values['limit-side-len']) } : {}),
  ...(values['rec-batch'] ? { recBatchSize: Number(values['rec-batch']) } : {}),
  ...(values['rec-min-width'] ? { recMinWidth: Number(values['rec-min-width']) } : {}),
  ...(values['space-weight'] ? { recSpaceWeight: Number(values['space-weight']) } : {}),
  ...(letterDigit !== undefined ? { recLetterDigitMinP: Number(letterDigit) } : {}),
  ...(timesSign !== undefined ? { recTimesSignMinP: Number(timesSign) } : {}),
  ...(reread !== undefined ? { recRereadBelow: Number(reread) } : {}),
  ...(rereadPages !== undefined ? { recRereadPages: rereadPages as RereadPages } : {}),
  ...(values.manifest ? { manifestPath: path.resolve(values.manifest) } : {}),
});
const scored: ScoredItem[] = [];
const stageMs = { decode: 0, preprocess: 0, detect: 0, classify: 0, recognize: 0, total: 0 };
const errors: { id: string; error: string }[] = [];
const orient = { turned: 0, readTwice: 0, lines: 0 };
for (const item of dataset.items) {
  const mode = values.mode === 'auto' ? item.kind : (values.mode as 'page' | 'line');
  try {
    const r = await engine.recognize(await readFile(path.join(dataset.dir, item.file)), { mode, cls: values.cls === 'auto' ? undefined : values.cls === 'true', preprocess });
    for (const k of Object.keys(stageMs) as (keyof typeof stageMs)[]) stageMs[k] += r.timings[k];
    const confidence = r.lines.length ? Math.min(...r.lines.map((l) => l.confidence)) : 0;
    scored.push({ ...scoreItem(item, r.lines.map((l) => l.text)), confidence, ...(r.orientation ? { rotation: r.orientation.rotation } : {}) });
    orient.lines += r.lines.length;
    if (r.orientation) {
      orient.readTwice += r.orientation.linesReadTwice;
      if (r.orientation.rotation) orient.turned++;
    }
  } catch (e) {
    errors.push({ id: item.id, error: (e as Error).message });
    scored.push(scoreItem(item, []));
  }
  if (scored.length % 25 === 0) process.stderr.write(`${scored.length}/${dataset.items.length}\n`);
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
  'category×lang': summarizeBy(scored, (i) => `${i.category}/${i.lang}`),
  origin: summarizeBy(scored, (i) => i.origin),
};
const split = splitByConfidence(scored, Number(values.confidence));
const worst = [...scored].sort((a, b) => badness(b) - badness(a)).slice(0, Number(values.worst));
const n = dataset.items.length;
console.log(`dataset ${dataset.name} (${n} items, hash ${dataset.hash.slice(0, 16)}), mode ${values.mode}, cls ${values.cls}, preprocess ${values.preprocess || 'none'}, models ${engine.models.map((m) => `${m.role} ${m.precision}`).join(' ')}`);
console.log(line('ALL (whitespace removed)', overall));
if (overall.englishWs) console.log(line('English, whitespace-aware', { n: 0, ...overall.englishWs }));
for (const [group, table] of Object.entries(breakdown)) for (const [k, s] of Object.entries(table)) console.log(line(`${group}=${k}`, s));
if (split.above || split.below) {
  const side = (s?: { n: number; cer: number; exact: number }) => (s ? `n=${s.n} CER ${pct(s.cer)} exact ${pct(s.exact)}` : 'n=0');
  console.log(`line confidence >= ${split.threshold}: ${side(split.above)}; below: ${side(split.below)} (${pct(split.errorsBelow)} of all line errors)`);
}
console.log(`orientation: ${orient.turned} of ${n} items turned, ${orient.readTwice} line(s) read twice (${pct(orient.readTwice / Math.max(1, orient.lines))} of ${orient.lines} lines read)`);
console.log(`mean ms per item: ${Object.entries(stageMs).map(([k, v]) => `${k} ${(v / n).toFixed(1)}`).join(', ')}`);
if (errors.length) console.log(`errors: ${errors.map((e) => `${e.id}: ${e.error}`).join('; ')}`);
console.log('worst items:');
for (const w of worst) console.log(`  ${w.id} (${(badness(w) * 100).toFixed(1)}% bad)\n    want: ${w.expected.replace(/\n/g, ' | ')}\n    got:  ${w.got.replace(/\n/g, ' | ')}`);

const out = values.out ?? path.join('reports', `eval-${dataset.name}.json`);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify({ dataset: { name: dataset.name, hash: dataset.hash, n }, options: values, engine: engine.config, models: engine.models, overall, breakdown, confidence: split, orientation: orient, meanStageMs: Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, v / n])), errors, items: scored }, null, 2));
console.log(`wrote ${out}`);
