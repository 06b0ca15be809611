import path from 'node:path';
import { hashDataset } from '../lib/hash.ts';
import { validateDataset } from '../lib/load.ts';
import { generateSet } from './generate-set.ts';
import { sets } from './sets.ts';

/** `datasets generate [name...] [--seed N]`; with no name, the committed sets. */
export async function generateCommand(names: string[], seedArg?: string): Promise<number> {
  const seed = seedArg === undefined ? undefined : Number(seedArg);
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    console.error(`--seed must be an integer, got "${seedArg}"`);
    return 2;
  }
  const unknown = names.filter((n) => !sets[n]);
  if (unknown.length) {
    console.error(`unknown set(s): ${unknown.join(', ')}; generated sets are ${Object.keys(sets).join(', ')}`);
    return 2;
  }
  const chosen = names.length ? names.map((n) => sets[n]) : Object.values(sets).filter((s) => s.committed);
  for (const spec of chosen) {
    const t0 = performance.now();
    const dir = await generateSet(spec, {
      seed,
      onProgress: (done, total) => {
        if (done % 50 === 0 || done === total) process.stderr.write(`\r${spec.name}: ${done}/${total}`);
      },
    });
    process.stderr.write('\n');
    const { problems, items } = await validateDataset(dir);
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`${spec.name}: ${items.length} items in ${path.relative(process.cwd(), dir)} (${secs}s), hash ${await hashDataset(dir)}`);
    if (problems.length) {
      console.error(`${spec.name}: generated set has ${problems.length} problem(s), first: ${JSON.stringify(problems[0])}`);
      return 1;
    }
  }
  return 0;
}
