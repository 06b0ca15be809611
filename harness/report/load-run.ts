import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateDataset } from '../../datasets/lib/load.ts';
import type { DatasetItem } from '../../datasets/lib/schema.ts';
import { parseRequestsJsonl, type RequestSample } from '../gate/requests.ts';
import { validateResults, type RunResults } from '../results/schema.ts';

/** A run folder read from disk: results.json, its requests.jsonl when present, and notes on what was missing. */
export interface LoadedRun {
  dir: string;
  results: RunResults;
  requests?: RequestSample[];
  notes: string[];
}

/** An input problem the CLI turns into a harness-error exit with a clear message. */
export class RunLoadError extends Error {
  override readonly name = 'RunLoadError';
}

/** Reads a run from its folder or its results.json path. */
export async function loadRun(folderOrFile: string): Promise<LoadedRun> {
  const file = existsSync(folderOrFile) && statSync(folderOrFile).isDirectory() ? path.join(folderOrFile, 'results.json') : folderOrFile;
  const dir = path.dirname(path.resolve(file));
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new RunLoadError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const v = validateResults(data);
  if (!v.ok) throw new RunLoadError(`${file} is not a valid results.json:\n  ${v.problems.slice(0, 20).join('\n  ')}`);
  const notes: string[] = [];
  const requestsFile = path.join(dir, v.results.files.requests || 'requests.jsonl');
  let requests: RequestSample[] | undefined;
  if (existsSync(requestsFile)) {
    const parsed = parseRequestsJsonl(await readFile(requestsFile, 'utf8'));
    requests = parsed.records;
    if (parsed.problems.length) notes.push(`${requestsFile}: ${parsed.problems.length} unreadable line(s) skipped (first: ${parsed.problems[0]})`);
  } else notes.push(`no ${path.basename(requestsFile)} beside ${file}: charts and checks that need per-request samples fall back to the phase statistics`);
  return { dir, results: v.results, requests, notes };
}

/** The dataset's labels for the wrong-answers table, when the dataset is on this machine. */
export async function loadLabels(dataset: string): Promise<{ items?: DatasetItem[]; note?: string }> {
  const { items, problems } = await validateDataset(dataset, { checkImages: false });
  if (items.length === 0) return { note: `dataset ${dataset} not found here: no expected-vs-got table` };
  return { items, note: problems.length ? `dataset ${dataset}: ${problems.length} manifest problem(s) ignored for labels` : undefined };
}
