import type { z } from 'zod';
import { datasetItemSchema, type DatasetItem } from './schema.ts';

/** Stable codes for what can be wrong with a dataset; tests and the CLI count by these. */
export type ProblemCode =
  | 'no-manifest'
  | 'empty-manifest'
  | 'bad-json'
  | 'bad-field'
  | 'unknown-field'
  | 'duplicate-id'
  | 'missing-file'
  | 'undecodable'
  | 'wrong-size'
  | 'box-outside'
  /** A folder without a manifest holds no image. */
  | 'no-images';

export interface DatasetProblem {
  /** 1-based line of manifest.jsonl the problem belongs to (0 for the manifest as a whole). */
  line: number;
  code: ProblemCode;
  message: string;
}

export interface ManifestEntry {
  line: number;
  item: DatasetItem;
}

export interface ParsedManifest {
  entries: ManifestEntry[];
  problems: DatasetProblem[];
}

function describeIssues(line: number, issues: z.core.$ZodIssue[]): DatasetProblem[] {
  return issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : 'item';
    if (issue.code === 'unrecognized_keys') {
      const at = issue.path.length ? ` in ${where}` : '';
      return { line, code: 'unknown-field', message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${at}` };
    }
    return { line, code: 'bad-field', message: `${where}: ${issue.message}` };
  });
}

/**
 * Parses manifest.jsonl text without touching the disk: every line is checked, and every problem is
 * reported with its line number (a broken line never hides the ones after it). Blank lines are allowed.
 */
export function parseManifest(text: string): ParsedManifest {
  const entries: ManifestEntry[] = [];
  const problems: DatasetProblem[] = [];
  const firstLineOfId = new Map<string, number>();
  const rows = text.split('\n');
  rows.forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      problems.push({ line, code: 'bad-json', message: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    const parsed = datasetItemSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(...describeIssues(line, parsed.error.issues));
      return;
    }
    const item = parsed.data;
    const first = firstLineOfId.get(item.id);
    if (first !== undefined) {
      problems.push({ line, code: 'duplicate-id', message: `id "${item.id}" already used on line ${first}` });
      return;
    }
    firstLineOfId.set(item.id, line);
    entries.push({ line, item });
  });
  if (!entries.length && !problems.length) problems.push({ line: 0, code: 'empty-manifest', message: 'manifest has no items' });
  return { entries, problems };
}
