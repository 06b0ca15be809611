import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadDataset, type LoadedDataset } from '../../datasets/lib/load.ts';
import type { DatasetItem } from '../../datasets/lib/schema.ts';
import { pickSamples } from '../plan/pick-samples.ts';
import type { BenchOptions } from './bench-options.ts';

export interface PreparedRun {
  dataset: LoadedDataset;
  /** Labels of the labelled images; an image without one is sent but not scored. */
  labels: Map<string, DatasetItem>;
  /** Image file (relative to the dataset folder) of every id, labelled or not. */
  files: Map<string, string>;
  /** The ids the run draws from (the scenario's sample pool, or all). */
  used: string[];
  requestsPath: string;
  serverLog: string | null;
}

/**
 * Step 1 of a run: the run folder and the dataset, before anything is started. A dataset that does
 * not load throws DatasetError (the bench exits 2: nothing was measured, nothing needs cleaning up).
 */
export async function prepareRun(o: BenchOptions): Promise<PreparedRun> {
  const dataset = await loadDataset(o.scenario.dataset);
  await mkdir(o.outDir, { recursive: true });
  const files = new Map<string, string>([...dataset.items.map((i) => [i.id, i.file] as const), ...dataset.unlabelled.map((u) => [u.id, u.file] as const)]);
  const allIds = [...files.keys()];
  if (dataset.skipped.length) o.write(`dataset ${dataset.dir}: skipped ${dataset.skipped.length} file(s) that are not images: ${dataset.skipped.slice(0, 10).join(', ')}${dataset.skipped.length > 10 ? ', ...' : ''}\n`);
  if (!dataset.items.length) o.write(`dataset ${dataset.dir}: no image has a label (NAME.txt beside it): this run measures speed only, no accuracy\n`);
  else if (dataset.unlabelled.length) o.write(`dataset ${dataset.dir}: ${dataset.unlabelled.length} of ${files.size} images have no label: sent, not scored\n`);
  const pool = o.scenario.samplePool;
  const used = pool ? [...new Set(pickSamples(allIds, Math.min(pool, allIds.length), o.seeds.samples))] : allIds;
  return {
    dataset,
    labels: new Map(dataset.items.map((i) => [i.id, i])),
    files,
    used,
    requestsPath: path.join(o.outDir, 'requests.jsonl'),
    serverLog: o.target.kind === 'embedded' ? path.join(o.outDir, 'server.log') : null,
  };
}
