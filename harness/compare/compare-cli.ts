/**
 * npm run compare -- [--dataset NAME] [--engines ours,ours-http,ppu,gutenye,tesseract,tesseractjs,URL...]
 *                    [--reference ppu] [--repeat N] [--processes N] [--limit N] [--modes lines,pages] [--out DIR]
 * npm run compare -- --install
 * Engines side by side on the same labeled images, measured in one run (harness/compare/README.md).
 * Exit codes: 0 done, 1 an engine failed or the run broke, 2 bad arguments or dataset (nothing written).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetError, loadDataset } from '../../datasets/lib/load.ts';
import { parseCompareArgs, USAGE } from './compare-args.ts';
import { installPeers } from './peers.ts';
import { PROCESS_ENV, itemsFor, runCompare } from './run-compare.ts';
import { renderTerminal } from './render-summary.ts';
import { renderCompareFiles, writeCompare } from './write-compare.ts';
import { exitOnError, helpEpilogue, UsageError } from '../../server/cli/convention.ts';

export const COMPARE_EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const parsed = parseCompareArgs(argv);
if (parsed.kind === 'help') {
  process.stdout.write(`${USAGE}\n${helpEpilogue(['npm run compare -- --engines ours,tesseract --limit 20', 'npm run compare -- --install'])}`);
  process.exit(COMPARE_EXIT.OK);
}
if (parsed.kind === 'install') process.exit((await installPeers()) === 0 ? COMPARE_EXIT.OK : COMPARE_EXIT.FAILED);
if (parsed.kind === 'error') {
  exitOnError('compare', new UsageError(parsed.errors.join('; ')));
}
const o = parsed.options;

let dataset;
try {
  dataset = await loadDataset(o.dataset);
} catch (e) {
  console.error(`error: --dataset ${o.dataset}: ${e instanceof DatasetError ? e.message : (e as Error).message}`);
  process.exit(COMPARE_EXIT.USAGE);
}
if (!o.modes.some((m) => itemsFor(dataset, m, o.limit).length)) {
  console.error(`error: --dataset ${o.dataset} has no ${o.modes.map((m) => `${m} items`).join(' or ')}`);
  process.exit(COMPARE_EXIT.USAGE);
}

const id = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}-${dataset.name}`;
const outDir = path.resolve(o.out ?? path.join(ROOT, 'reports', `compare-${id}`));
Object.assign(process.env, PROCESS_ENV);
const scratchDir = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-compare-'));
try {
  const result = await runCompare(dataset, { ...o, id, root: ROOT, scratchDir, command: argv, log: (l) => console.error(l) });
  if (!result.rows.length) {
    console.error('error: no engine ran (see the lines above); nothing written');
    process.exitCode = COMPARE_EXIT.FAILED;
  } else {
    await writeCompare(outDir, renderCompareFiles(result));
    console.log(renderTerminal(result));
    console.log(`\nwrote ${path.relative(process.cwd(), outDir) || outDir}/ (compare.json, compare.html, summary.md)`);
    process.exitCode = result.engines.some((e) => e.status === 'failed') ? COMPARE_EXIT.FAILED : COMPARE_EXIT.OK;
  }
} finally {
  await rm(scratchDir, { recursive: true, force: true });
}
