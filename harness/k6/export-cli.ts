/**
 * `tsx harness/k6/export-cli.ts <scenario> [--dataset NAME] [--scale X] [--seed N] [--target URL] [--out FILE]`
 * (the bench wires it as `npm run bench -- --export-k6 <scenario> --out script.js`). Writes the k6
 * script to FILE, or to stdout; messages go to stderr. Image paths in the script are relative to the
 * script's folder, which is where k6 resolves them, so the script and the images move together.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { validateDataset } from '../../datasets/lib/load.ts';
import { errorLine, fromCaller, UsageError } from '../../server/cli/convention.ts';
import { EXIT } from '../../server/exit-codes.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import { normalizeScenario } from '../scenario/normalize-scenario.ts';
import { exportK6 } from './export.ts';

/** Where the user typed the command (npm runs scripts from the package root). */
const callerDir = () => fromCaller();

export async function exportK6Cli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const usage = (message: string) => (err(errorLine('bench', new UsageError(message))), EXIT.USAGE);
  let a;
  try {
    a = parseArgs({ args: argv, allowPositionals: true, options: { dataset: { type: 'string' }, scale: { type: 'string' }, seed: { type: 'string' }, target: { type: 'string' }, out: { type: 'string' } } });
  } catch (e) {
    return usage((e as Error).message);
  }
  const name = a.positionals[0];
  if (!name || a.positionals.length > 1) return usage('--export-k6 takes one scenario name');
  let input: unknown;
  try {
    input = await loadScenario(name);
  } catch (e) {
    return usage((e as Error).message);
  }
  const scale = a.values.scale === undefined ? undefined : Number(a.values.scale);
  const seed = a.values.seed === undefined ? undefined : Number(a.values.seed);
  const n = normalizeScenario(input, { scale, seed, dataset: a.values.dataset });
  if (!n.ok) return usage(`scenario ${name}: ${n.errors.join('; ')}`);
  const ds = await validateDataset(n.scenario.dataset, { checkImages: false });
  if (ds.items.length === 0) return usage(`dataset ${n.scenario.dataset} has no items here (${ds.problems[0]?.message ?? 'empty'})`);
  const file = a.values.out === undefined ? undefined : path.resolve(callerDir(), a.values.out);
  const scriptDir = file ? path.dirname(file) : callerDir();
  const items = ds.items.map((it) => ({ id: it.id, file: path.relative(scriptDir, path.join(ds.dir, it.file)).split(path.sep).join('/') }));
  const script = exportK6(n.scenario, items, { target: a.values.target });
  if (!file) {
    // npm writes its "> ocrbench@..." banner into the same redirect unless run with -s.
    if (!process.stdout.isTTY && process.env.npm_lifecycle_event && process.env.npm_config_loglevel !== 'silent') err('note: npm adds its banner to a redirect; use --out FILE (or npm run -s)\n');
    out(script);
    return EXIT.OK;
  }
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, script);
  } catch (e) {
    return err(errorLine('bench', e)), EXIT.FAILED;
  }
  err(`k6 script written to ${path.relative(callerDir(), file) || file} (${items.length} images, paths relative to it); run it with: k6 run ${path.relative(callerDir(), file)}\n`);
  return EXIT.OK;
}

if (process.argv[1]?.endsWith('export-cli.ts')) {
  exportK6Cli(process.argv.slice(2)).then((code) => process.exit(code));
}
