/**
 * `npm run datasets -- <command>`:
 *   validate [name...]            check manifests and images (every problem, with its line); default: every set
 *   hash <name>                   print the content hash the harness writes into reports
 *   generate [name...] [--seed N] (re)build synthetic sets byte-identically; default: the committed ones
 *   stats <name>                  counts per category/language and size distribution (for the README)
 *   rotate <name> [--by 90,180,270] the set turned clockwise into .cache/<name>-rot<deg> (orientation tests)
 * Exit codes: 0 ok, 1 problems found, 2 usage error.
 */
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hashDataset } from './lib/hash.ts';
import { DatasetError, formatProblem, validateDataset } from './lib/load.ts';
import { datasetsRoot } from './lib/paths.ts';

const EXIT_OK = 0;
const EXIT_PROBLEMS = 1;
const EXIT_USAGE = 2;

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

const USAGE = 'usage: npm run datasets -- validate [name...] | hash <name> | generate [name...] [--seed N] | stats <name> | rotate <name> [--by 90,180,270]';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { seed: { type: 'string' }, by: { type: 'string', default: '90,180,270' } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { positionals, values } = parsed;
  const [command, ...rest] = positionals;
  switch (command) {
    case 'validate':
      return validate(rest);
    case 'hash':
      if (rest.length !== 1) break;
      console.log(await hashDataset(rest[0]));
      return EXIT_OK;
    case 'generate': {
      const { generateCommand } = await import('./generate/command.ts');
      return generateCommand(rest, values.seed);
    }
    case 'rotate': {
      if (rest.length !== 1) break;
      const turns = values.by!.split(',').map(Number);
      if (!turns.length || turns.some((t) => t !== 90 && t !== 180 && t !== 270)) {
        console.error(`--by takes 90, 180 and/or 270, got "${values.by}"`);
        return EXIT_USAGE;
      }
      const { rotateSet } = await import('./generate/rotate-set.ts');
      for (const t of turns as (90 | 180 | 270)[]) {
        const dir = await rotateSet(rest[0], t);
        const { problems, items } = await validateDataset(dir);
        console.log(`${path.relative(process.cwd(), dir)}: ${items.length} items, ${problems.length} problem(s)`);
        if (problems.length) return EXIT_PROBLEMS;
      }
      return EXIT_OK;
    }
    case 'stats': {
      if (rest.length !== 1) break;
      const { statsCommand } = await import('./generate/stats.ts');
      return statsCommand(rest[0]);
    }
  }
  console.error(USAGE);
  return EXIT_USAGE;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // Bad data is an answer, not a crash: print every problem and exit 1.
  if (!(err instanceof DatasetError) && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  console.error((err as Error).message);
  process.exitCode = EXIT_PROBLEMS;
}
