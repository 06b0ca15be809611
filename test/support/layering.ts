/**
 * The repository's layering, and the check test/layout.test.ts runs over every source file.
 *
 * Product folders, lowest first; a file may import from its own folder or from one below it, never
 * from one above:
 *   models    the model manifest and files (data only: the code that reads them is server/models/)
 *   server    the OCR engine and HTTP server, and the one CLI convention and exit-code table every
 *             command shares (server/cli/convention.ts, server/exit-codes.ts)
 *   datasets  the evaluation sets and their generator (its CLI follows that convention)
 *   harness   the load-testing harness (it drives the server, embeds its engine for eval and compare)
 *   scenarios load scenarios (they import the harness's scenario types)
 *   deploy    cluster scripts and manifests (they run the harness)
 * Above the product: test/ and scripts/ may import any product folder. research/ (studies and research
 * tools) may import anything, and nothing else may import research/. test/support/ (test helpers) is
 * for tests and research only: a production file never imports it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const PRODUCT_LAYERS = ['models', 'server', 'datasets', 'harness', 'scenarios', 'deploy'] as const;
/** Above every product layer. */
export const TOP = ['test', 'scripts'] as const;
export const RESEARCH = 'research';

const SOURCE = /\.(ts|mts|mjs|js)$/;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'reports', '.cache']);

export interface ImportEdge {
  /** Repository-relative, '/'-separated. */
  from: string;
  to: string;
}

const top = (file: string) => file.split('/')[0];
const isTest = (file: string) => /\.test\.[mc]?[jt]s$/.test(file);
const isTestSupport = (file: string) => file.startsWith('test/support/');

function rank(folder: string): number | undefined {
  const i = (PRODUCT_LAYERS as readonly string[]).indexOf(folder);
  if (i >= 0) return i;
  if ((TOP as readonly string[]).includes(folder)) return PRODUCT_LAYERS.length;
  return undefined;
}

/** Why this import breaks the layering, or undefined when it is allowed. */
export function layeringViolation({ from, to }: ImportEdge): string | undefined {
  const src = top(from);
  const dst = top(to);
  if (src === RESEARCH) return undefined;
  if (dst === RESEARCH) return `${from} imports ${to}: product code must not import research/`;
  if (isTestSupport(to)) {
    return isTest(from) || isTestSupport(from) ? undefined : `${from} imports ${to}: test helpers are for tests only`;
  }
  const a = rank(src);
  const b = rank(dst);
  if (a === undefined) return `${from}: top-level folder ${src}/ is not in the layering (test/support/layering.ts)`;
  if (b === undefined) return `${from} imports ${to}: top-level folder ${dst}/ is not in the layering (test/support/layering.ts)`;
  if (b > a) return `${from} imports ${to}: ${src}/ must not import ${dst}/, which sits above it`;
  return undefined;
}

/** Relative specifiers a source file imports (static, type-only, re-exports, dynamic) or resolves with `new URL(..., import.meta.url)`. */
export function relativeSpecifiers(source: string): string[] {
  const found = ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
  for (const m of source.matchAll(/new URL\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g)) found.push(m[2]);
  return found.filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/** Every source file under the given top-level folders of `root`, repository-relative. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(r);
      } else if (SOURCE.test(e.name)) out.push(r);
    }
  };
  for (const f of folders) walk(f);
  return out.sort();
}

/** The cross-folder import edges of every source file under `folders` (targets outside any top-level folder are left out). */
export function importEdges(root: string, folders: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of sourceFiles(root, folders)) {
    for (const spec of relativeSpecifiers(readFileSync(path.join(root, from), 'utf8'))) {
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)).replace(/\/$/, '');
      // The repository root itself, or a file at its top (package.json): no folder to rank.
      if (to.startsWith('..') || !to.includes('/')) continue;
      if (top(to) !== top(from)) edges.push({ from, to });
    }
  }
  return edges;
}
