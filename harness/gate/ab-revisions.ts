import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A problem with the revisions or their builds: one line, exit 1 (a harness error, not a verdict). */
export class RevisionError extends Error {
  override readonly name = 'RevisionError';
}

/** A revision ready to serve: a folder with dist/server/main.js and node_modules. */
export interface Revision {
  side: 'base' | 'head';
  /** What the user asked for (REV, or "working tree"). */
  label: string;
  commit: string;
  /** The git tree hash of what is served: equal trees (and no local changes) make an A/A run. */
  tree: string;
  dirty: boolean;
  dir: string;
  cleanup(): Promise<void>;
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  try {
    return (await run('git', args, { cwd, maxBuffer: 16 * 1024 ** 2 })).stdout.trim();
  } catch (e) {
    const err = (e as { stderr?: string }).stderr?.trim().split('\n')[0] || (e as Error).message;
    throw new RevisionError(`git ${args.join(' ')}: ${err}`);
  }
}

/**
 * The default base: the merge base with main (or origin/main in a fresh clone), unless that is HEAD
 * itself (on main), then HEAD~1.
 */
export async function defaultBase(root: string): Promise<string> {
  const head = await git(root, 'rev-parse', 'HEAD');
  for (const main of ['main', 'origin/main']) {
    const mb = await git(root, 'merge-base', 'HEAD', main).catch(() => null);
    if (mb && mb !== head) return mb;
    if (mb) break;
  }
  return 'HEAD~1';
}

async function build(dir: string, write: (s: string) => void): Promise<void> {
  if (!existsSync(path.join(dir, 'scripts/build.mjs'))) throw new RevisionError(`${dir} has no scripts/build.mjs: the gate needs a revision with the production build`);
  try {
    await run(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: dir });
  } catch (e) {
    throw new RevisionError(`cannot build the server in ${dir}: ${((e as { stderr?: string }).stderr || (e as Error).message).trim().split('\n').slice(-1)[0]}`);
  }
  write(`built ${path.join(dir, 'dist/server')}\n`);
}

/** The working tree as it is (uncommitted changes included, and flagged): the head of the comparison. */
export async function prepareHead(root: string, write: (s: string) => void): Promise<Revision> {
  const commit = await git(root, 'rev-parse', 'HEAD');
  const dirty = (await git(root, 'status', '--porcelain', '--untracked-files=no')) !== '';
  await build(root, write);
  return { side: 'head', label: 'working tree', commit, tree: dirty ? `${commit}+dirty` : await git(root, 'rev-parse', 'HEAD^{tree}'), dirty, dir: root, cleanup: async () => {} };
}

/**
 * REV checked out in a temporary git worktree and built. Its dependencies: the head's node_modules when
 * both lockfiles are the same (most commits; saves the install), else `npm ci` from the local cache
 * without install scripts (the server needs none: onnxruntime's download is skipped by .npmrc anyway, and
 * better-sqlite3's compile is for the history, which the base never writes).
 */
export async function prepareBase(root: string, rev: string, head: Revision, write: (s: string) => void): Promise<Revision> {
  const commit = await git(root, 'rev-parse', '--verify', '--quiet', `${rev}^{commit}`).catch(() => {
    throw new RevisionError(`--base ${rev}: no such commit`);
  });
  const tree = await git(root, 'rev-parse', `${commit}^{tree}`);
  // The same sources as the head: serve the head's build twice (an A/A run).
  if (tree === head.tree) return { ...sameAs(head), label: rev, commit };
  const dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-gate-base-'));
  const cleanup = async () => {
    await git(root, 'worktree', 'remove', '--force', dir).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await git(root, 'worktree', 'prune').catch(() => undefined);
  };
  try {
    await git(root, 'worktree', 'add', '--detach', '--force', dir, commit);
    const lock = (d: string) => readFile(path.join(d, 'package-lock.json'), 'utf8').catch(() => '');
    if ((await lock(dir)) === (await lock(root)) && existsSync(path.join(root, 'node_modules'))) {
      await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      write(`base ${rev} (${commit.slice(0, 10)}): same lockfile, sharing node_modules\n`);
    } else {
      write(`base ${rev} (${commit.slice(0, 10)}): npm ci --prefer-offline ...\n`);
      try {
        await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, maxBuffer: 64 * 1024 ** 2 });
      } catch (e) {
        throw new RevisionError(`npm ci for the base failed: ${((e as { stderr?: string }).stderr || (e as Error).message).trim().split('\n').slice(-1)[0]}`);
      }
    }
    await build(dir, write);
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { side: 'base', label: rev, commit, tree, dirty: false, dir, cleanup };
}

/** The head served a second time as its own base: an A/A run (calibration). */
export function sameAs(head: Revision): Revision {
  return { ...head, side: 'base', cleanup: async () => {} };
}
