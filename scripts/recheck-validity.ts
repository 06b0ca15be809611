/**
 * Re-judges finished runs with today's self-check (harness/bench/validity.ts), from their results.json:
 * for runs recorded before a change of the rules. Prints each run's verdict, reasons and the harness's
 * loop-delay figures per phase.
 *
 *   node --import tsx scripts/recheck-validity.ts reports/RUN [...]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkValidity } from '../harness/bench/validity.ts';
import { resultsSchema } from '../harness/results/schema.ts';

for (const dir of process.argv.slice(2)) {
  const r = resultsSchema.parse(JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')));
  const v = checkValidity(r.phases, r.status === 'interrupted');
  const loops = r.phases.map((p) => `${p.name}: p99 ${p.resources.harnessLoopDelayP99 ?? 'n/a'} / worst 500 ms ${p.resources.harnessLoopDelayP99Max ?? 'n/a'}`);
  console.log(`${dir}: ${v.verdict} (recorded ${r.validity.verdict})  ${loops.join('; ')}`);
  for (const reason of v.reasons) console.log(`    ${reason}`);
}
