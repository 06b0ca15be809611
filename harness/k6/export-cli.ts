/**
 * `tsx harness/k6/export-cli.ts <scenario> [--dataset NAME] [--scale X] [--target URL] [--relative] > script.js`
 * (the bench wires it as `npm run bench -- --export-k6 <scenario>`). Writes the k6 script to stdout;
 * messages go to stderr so a redirect captures only the script.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { validateDataset } from '../../datasets/lib/load.ts';
import { EXIT } from '../gate/exit-codes.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import { normalizeScenario } from '../scenario/normalize-scenario.ts';
import { exportK6 } from './export.ts';

const USAGE = 'usage: export-cli <scenario> [--dataset NAME] [--scale X] [--seed N] [--target URL] [--relative]\n  --relative  image paths relative to the current folder (where script.js is written) instead of absolute';

export async function exportK6Cli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, allowPositionals: true, options: { dataset: { type: 'string' }, scale: { type: 'string' }, seed: { type: 'string' }, target: { type: 'string' }, relative: { type: 'boolean' } } });
  } catch (e) {
    return err(`error: ${(e as Error).message}\n${USAGE}\n`), EXIT.harnessError;
  }
  const name = a.positionals[0];
  if (!name || a.positionals.length > 1) return err(`${USAGE}\n`), EXIT.harnessError;
  let input: unknown;
  try {
    input = await loadScenario(name);
  } catch (e) {
    return err(`error: ${(e as Error).message}\n`), EXIT.harnessError;
  }
  const scale = a.values.scale === undefined ? undefined : Number(a.values.scale);
  const seed = a.values.seed === undefined ? undefined : Number(a.values.seed);
  const n = normalizeScenario(input, { scale, seed, dataset: a.values.dataset });
  if (!n.ok) return err(`error: scenario ${name}:\n  ${n.errors.join('\n  ')}\n`), EXIT.harnessError;
  const ds = await validateDataset(n.scenario.dataset, { checkImages: false });
  if (ds.items.length === 0) return err(`error: dataset ${n.scenario.dataset} has no items here (${ds.problems[0]?.message ?? 'empty'})\n`), EXIT.harnessError;
  const items = ds.items.map((it) => {
    const abs = path.join(ds.dir, it.file);
    return { id: it.id, file: a.values.relative ? path.relative(process.cwd(), abs) : abs };
  });
  out(exportK6(n.scenario, items, { target: a.values.target }));
  return EXIT.pass;
}

if (process.argv[1]?.endsWith('export-cli.ts')) {
  exportK6Cli(process.argv.slice(2)).then((code) => process.exit(code));
}
