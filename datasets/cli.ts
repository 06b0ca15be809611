/**
 * `npm run datasets -- <command>`:
 *   validate [name...]            check manifests and images (every problem, with its line); default: every set
 *   hash <name>                   print the content hash the harness writes into reports
 *   generate <name...>|--all [--seed N] (re)build synthetic sets byte-identically; --all: the committed ones
 *   stats <name>                  counts per category/language and size distribution (for the README)
 *   rotate <name> [--by 90,180,270] the set turned clockwise into .cache/<name>-rot<deg> (orientation tests)
 * Exit codes: the shared table (docs/guides/cli.md); 1 = problems found.
 */
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { hashDataset } from './lib/hash.ts';
import { DatasetError, formatProblem, validateDataset } from './lib/load.ts';
import { datasetsRoot } from './lib/paths.ts';
import { cliProgram, helpEpilogue, runCli, UsageError } from '../server/cli/convention.ts';

const EXIT_OK: number = 0;
const EXIT_PROBLEMS = 1;

function listSets(): string[] {
  return readdirSync(datasetsRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(datasetsRoot, d.name, 'manifest.jsonl')))
    .map((d) => d.name);
}

async function validate(names: string[]): Promise<number> {
  let bad = 0;
  for (const name of names.length ? names : listSets()) {
    const { items, problems, dir } = await validateDataset(name, { decode: true });
    if (problems.length) {
      bad++;
      console.log(`✗ ${path.relative(process.cwd(), dir) || dir}: ${items.length} valid item(s), ${problems.length} problem(s)`);
      for (const p of problems) console.log(formatProblem(p));
    } else console.log(`✓ ${path.relative(process.cwd(), dir) || dir}: ${items.length} items`);
  }
  return bad ? EXIT_PROBLEMS : EXIT_OK;
}

const program = cliProgram('datasets', 'Check, hash, generate, describe and turn the datasets.', [
  'npm run datasets -- validate',
  'npm run datasets -- hash real-public',
  'npm run datasets -- generate lines-500 --seed 7',
  'npm run datasets -- rotate real-public --by 90',
]);
let code: number = EXIT_OK;
const set = (c: number) => void (code = c);
program.command('validate').argument('[name...]', 'sets to check (default: every set with a manifest.jsonl)').description('check manifests and images; every problem with its line (exit 1 if any)').action(async (names: string[]) => set(await validate(names)));
program.command('hash').argument('<name>').description('print the content hash reports carry').action(async (name: string) => set((console.log(await hashDataset(name)), EXIT_OK)));
program
  .command('generate')
  .argument('[name...]', 'synthetic sets to (re)build byte-identically')
  .option('--all', 'rebuild every committed synthetic set (minutes)')
  .option('--seed <n>', 'generator seed (default: the set\'s own)')
  .description('(re)build synthetic sets; name them, or --all for the committed ones')
  .action(async (names: string[], o: { all?: boolean; seed?: string }) => {
    // A bare generate would spend minutes rewriting committed sets: name the sets or say --all.
    if (!names.length && !o.all) throw new UsageError('generate needs set names or --all');
    const { generateCommand } = await import('./generate/command.ts');
    set(await generateCommand(names, o.seed));
  });
program.command('stats').argument('<name>').description('counts per category/language and size distribution').action(async (name: string) => {
  const { statsCommand } = await import('./generate/stats.ts');
  set(await statsCommand(name));
});
program
  .command('rotate')
  .argument('<name>')
  .option('--by <degrees>', 'clockwise turns: 90, 180 and/or 270', '90,180,270')
  .description('the set turned clockwise (boxes too) into .cache/<name>-rot<deg>')
  .action(async (name: string, o: { by: string }) => {
    const turns = o.by.split(',').map(Number);
    if (!turns.length || turns.some((t) => t !== 90 && t !== 180 && t !== 270)) throw new UsageError(`--by takes 90, 180 and/or 270, got "${o.by}"`);
    const { rotateSet } = await import('./generate/rotate-set.ts');
    for (const t of turns as (90 | 180 | 270)[]) {
      const dir = await rotateSet(name, t);
      const { problems, items } = await validateDataset(dir);
      console.log(`${path.relative(process.cwd(), dir)}: ${items.length} items, ${problems.length} problem(s)`);
      if (problems.length) return set(EXIT_PROBLEMS);
    }
  });

for (const c of program.commands) c.addHelpText('after', helpEpilogue([]));

runCli('datasets', async () => {
  if (process.argv.length <= 2) throw new UsageError('a command is required: validate, hash, generate, stats or rotate');
  try {
    await program.parseAsync();
  } catch (err) {
    // Bad data is an answer, not a crash: its message and exit 1.
    if (err instanceof DatasetError || (err as NodeJS.ErrnoException).code === 'ENOENT') return console.error(`error: ${(err as Error).message.split('\n')[0]}`), EXIT_PROBLEMS;
    throw err;
  }
  return code;
});
