import { statSync } from 'node:fs';
import path from 'node:path';
import { loadDataset } from '../lib/load.ts';
import { summarizeDataset, formatSummary } from './summarize.ts';

/** `datasets stats <name>`: the per-set table the README shows. */
export async function statsCommand(name: string): Promise<number> {
  const ds = await loadDataset(name);
  const bytes = ds.items.map((i) => statSync(path.resolve(ds.dir, i.file)).size);
  console.log(formatSummary(ds.name, summarizeDataset(ds.items, bytes)));
  return 0;
}
