import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { isUrl, LOCAL_ENGINES } from './engines/registry.ts';

/**
 * A timed pass's length is the user's choice, not the set's size (one round of real-public's 43 lines lasts
 * under a second): docs/decisions/harness-measurement.md, "A compare pass lasts".
 */
export const DEFAULT_MIN_SECONDS = 5;

export const USAGE = `usage: npm run compare -- [--dataset NAME] [--engines ours,ours-fast,ours-http,ppu,gutenye,tesseract,tesseractjs,URL...]
                           [--reference ppu] [--aa] [--repeat N] [--min-seconds S] [--processes N] [--limit N] [--modes lines,pages] [--out DIR]
       npm run compare -- --install        install the peer libraries into harness/compare/peers (npm ci --prefix)
  --dataset    labeled set (name under datasets/ or datasets/.cache/, or a folder); default real-public
  --engines    comma-separated; an http(s):// URL is an OCR endpoint taking a multipart "image" field; default: every local engine
  --reference  engine the ratios are taken against; default ppu (or the first engine when ppu is not compared)
  --aa         also run a second copy of the reference engine in turns with the rest: its ratio to the
               reference (the "(A/A)" row) is this run's noise floor
  --repeat     timed runs per engine, mode and process count (median and min–max shown); default 1
  --min-seconds  each engine reads for at least S seconds in all, in turns of 1 s with the other engines,
               going round its images again (speed and latency count every reading, accuracy the first);
               default ${DEFAULT_MIN_SECONDS}, 0 reads each image once
  --processes  the "one process per core" pass; default the machine's cores (${availableParallelism()})
  --limit      first N line items and first N page items only (a quick look)
  --modes      lines, pages or both (default: whatever the dataset holds)
  --out        output folder; default reports/compare-<id>`;

export interface CompareOptions {
  dataset: string;
  engines: string[];
  reference: string;
  referenceExplicit: boolean;
  /** A second copy of the reference engine runs beside it (--aa). */
  aa: boolean;
  repeat: number;
  /** Least length of a timed pass, seconds (0: each image once). */
  minSeconds: number;
  processes: number;
  limit: number | null;
  modes: ('line' | 'page')[];
  out: string | null;
}

export type ParsedArgs = { kind: 'help' } | { kind: 'install' } | { kind: 'run'; options: CompareOptions } | { kind: 'error'; errors: string[] };

const positiveInt = (name: string, v: string | undefined, errors: string[]): number | null => {
  if (v === undefined) return null;
  if (!/^\d+$/.test(v) || Number(v) < 1) {
    errors.push(`--${name}: a positive whole number, got "${v}"`);
    return null;
  }
  return Number(v);
};

/** Reads and checks every flag; all problems are reported together (k6's habit), nothing is run. */
export function parseCompareArgs(argv: string[]): ParsedArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        dataset: { type: 'string' },
        engines: { type: 'string' },
        reference: { type: 'string' },
        aa: { type: 'boolean' },
        repeat: { type: 'string' },
        'min-seconds': { type: 'string' },
        processes: { type: 'string' },
        limit: { type: 'string' },
        modes: { type: 'string' },
        out: { type: 'string' },
        install: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return { kind: 'error', errors: [(e as Error).message] };
  }
  if (values.help) return { kind: 'help' };
  if (values.install) return { kind: 'install' };
  const errors: string[] = [];
  const str = (k: string) => values[k] as string | undefined;

  const engines = (str('engines') ?? LOCAL_ENGINES.join(',')).split(',').map((e) => e.trim()).filter(Boolean);
  if (!engines.length) errors.push('--engines: name at least one engine');
  for (const e of engines) {
    if (isUrl(e)) {
      try {
        const u = new URL(e);
        if (!u.hostname) throw new Error('no host');
      } catch {
        errors.push(`--engines: not a valid URL: "${e}"`);
      }
    } else if (e.includes('://')) errors.push(`--engines: only http:// and https:// URLs are OCR endpoints, got "${e}"`);
    else if (!(LOCAL_ENGINES as readonly string[]).includes(e)) errors.push(`--engines: unknown engine "${e}" (known: ${LOCAL_ENGINES.join(', ')}, or an http(s):// URL)`);
  }
  const dupes = engines.filter((e, i) => engines.indexOf(e) !== i);
  if (dupes.length) errors.push(`--engines: named twice: ${[...new Set(dupes)].join(', ')}`);

  const explicitRef = str('reference');
  const reference = explicitRef ?? (engines.includes('ppu') ? 'ppu' : engines[0] ?? 'ppu');
  if (explicitRef !== undefined && !engines.includes(explicitRef)) errors.push(`--reference: "${explicitRef}" is not among --engines (${engines.join(', ')})`);

  const modes: ('line' | 'page')[] = [];
  for (const m of (str('modes') ?? 'lines,pages').split(',').map((x) => x.trim())) {
    if (m === 'lines' || m === 'line') modes.push('line');
    else if (m === 'pages' || m === 'page') modes.push('page');
    else errors.push(`--modes: lines or pages, got "${m}"`);
  }
  const repeat = positiveInt('repeat', str('repeat'), errors) ?? 1;
  const minText = str('min-seconds');
  let minSeconds = DEFAULT_MIN_SECONDS;
  if (minText !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(minText) || Number(minText) > 3600) errors.push(`--min-seconds: a number of seconds from 0 to 3600, got "${minText}"`);
    else minSeconds = Number(minText);
  }
  const processes = positiveInt('processes', str('processes'), errors) ?? availableParallelism();
  const limit = positiveInt('limit', str('limit'), errors);
  if (errors.length) return { kind: 'error', errors };
  return {
    kind: 'run',
    options: { dataset: str('dataset') ?? 'real-public', engines, reference, referenceExplicit: explicitRef !== undefined, aa: values.aa === true, repeat, minSeconds, processes, limit, modes: [...new Set(modes)], out: str('out') ?? null },
  };
}
