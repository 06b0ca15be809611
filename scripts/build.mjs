#!/usr/bin/env node
/**
 * `npm run build`: bundles the server (main thread and the piscina worker) to plain JavaScript in
 * dist/server/ with esbuild, so production starts run `node` without compiling TypeScript at every start
 * (tsx compiled it in the main thread and again in each worker, which about doubled the CPU of a cold start:
 * docs/results/2026-12-02-cold-start-build-and-warm-up.md).
 *
 *   node scripts/build.mjs               build (always)
 *   node scripts/build.mjs --if-stale    build only when dist is missing or any bundled source changed
 *   node scripts/build.mjs --outdir DIR  build elsewhere (tests)
 *
 * Plain JavaScript on purpose: `npm start` and the bench run it before every start, and it must not need
 * the TypeScript loader it exists to avoid. Staleness is decided by the content hash of every file esbuild
 * bundled (from its metafile), kept in DIR/build-info.json, so an edit, a checkout or a fresh clone
 * rebuilds. The check is on every start's critical path, so it hashes only files whose size or mtime
 * differ from those recorded beside the hash (git's index does the same): a file touched but unchanged
 * is re-stamped, not rebuilt (docs/decisions/warm-up.md). Dependencies stay external (node_modules), so
 * their upgrades need no rebuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Entry points: name in the output folder -> source. */
const ENTRIES = { main: 'server/main.ts', 'ocr-worker': 'server/pool/ocr-worker.ts' };
const INFO = 'build-info.json';

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** Size and mtime of a file, the cheap stamp checked before its hash; undefined when it is missing. */
function stamp(abs) {
  try {
    const st = statSync(abs);
    return [st.size, st.mtimeMs];
  } catch {
    return undefined;
  }
}

/** Why the build in `outdir` is stale, or undefined when every input still hashes the same. */
export function staleReason(outdir) {
  const infoPath = path.join(outdir, INFO);
  if (!existsSync(infoPath)) return `no ${path.relative(ROOT, infoPath) || infoPath}`;
  let info;
  try {
    info = JSON.parse(readFileSync(infoPath, 'utf8'));
  } catch {
    return `unreadable ${INFO}`;
  }
  for (const name of Object.keys(ENTRIES)) if (!existsSync(path.join(outdir, `${name}.js`))) return `no ${name}.js`;
  for (const file of info.outputs ?? []) if (!existsSync(path.join(outdir, file))) return `no ${file}`;
  if (!info.inputs || Object.keys(info.inputs).length === 0) return 'no inputs recorded';
  const stamps = info.stamps ?? {};
  let restamped = false;
  for (const [file, hash] of Object.entries(info.inputs)) {
    const abs = path.join(ROOT, file);
    const now = stamp(abs);
    if (!now) return `${file} changed`;
    const was = stamps[file];
    if (was && was[0] === now[0] && was[1] === now[1]) continue;
    if (sha256(readFileSync(abs)) !== hash) return `${file} changed`;
    // Same content, new mtime (a checkout, a touch): record it so the next check is a stat again.
    stamps[file] = now;
    restamped = true;
  }
  if (restamped) writeInfo(outdir, { ...info, stamps });
  return undefined;
}

/** build-info.json through a rename, so a start running alongside never reads half of it. */
function writeInfo(outdir, info) {
  const tmp = path.join(outdir, `${INFO}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(info, null, 1)}\n`);
  renameSync(tmp, path.join(outdir, INFO));
}

/**
 * esbuild bundles every module into one file, so `import.meta.url` would name the bundle instead of the
 * module. Our modules use it to find files beside their source (the web page, the model manifest), so it
 * is rewritten to the source file's URL, relative to the bundle so the checkout may move.
 */
function sourceUrlPlugin(outdir) {
  return {
    name: 'source-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        let contents = await readFile(args.path, 'utf8');
        if (contents.includes('import.meta.url')) {
          const rel = path.relative(outdir, args.path).split(path.sep).join('/');
          contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** Builds into `outdir` and records the inputs' hashes. Returns the build time in ms. */
export async function build(outdir) {
  const esbuild = await import('esbuild');
  const t0 = performance.now();
  await mkdir(outdir, { recursive: true });
  // The pool starts the bundled worker when the build defines this (see server/pool/worker-pool.ts).
  const workerFromPool = path.relative(path.join(ROOT, 'server/pool'), path.join(outdir, 'ocr-worker.js')).split(path.sep).join('/');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, path.join(ROOT, v)])),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // main.ts imports the HTTP side dynamically so the worker pool starts first; splitting keeps that
    // import (and the packages it loads) out of the entry. Chunks sit beside the entries because the
    // rewritten import.meta.url below is relative to the output folder.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    define: { OCRBENCH_BUNDLED_WORKER: JSON.stringify(workerFromPool) },
    plugins: [sourceUrlPlugin(outdir)],
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.relative(outdir, path.join(ROOT, f))).sort();
  // Chunks of earlier builds have other hashes: remove them so the folder holds one build.
  for (const f of await readdir(outdir)) if (f.startsWith('chunk-') && !outputs.includes(f)) await rm(path.join(outdir, f));
  const inputs = {};
  const stamps = {};
  for (const file of Object.keys(result.metafile.inputs).sort()) {
    const abs = path.join(ROOT, file);
    // Stamp before reading: an edit during the build then shows as a new mtime, and the next check hashes.
    stamps[file] = stamp(abs);
    inputs[file] = sha256(await readFile(abs));
  }
  writeInfo(outdir, { esbuild: esbuild.version, entries: ENTRIES, outputs, inputs, stamps });
  return performance.now() - t0;
}

const HELP = `usage: npm run build -- [--if-stale] [--outdir DIR] [--quiet]
Bundle the server to plain JavaScript in dist/server/ (what npm start runs).
  --if-stale    build only when dist is missing or a bundled source changed
  --outdir DIR  output folder (default dist/server)
  --quiet       no timing line

Examples:
  npm run build
  npm run build -- --if-stale --quiet
`;

/** The shared exit-code table (server/exit-codes.ts): TypeScript, so esbuild turns it into JavaScript to print it. */
async function exitCodeTable() {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({ entryPoints: [path.join(ROOT, 'server/exit-codes.ts')], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent' });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(r.outputFiles[0].text).toString('base64')}`);
  return mod.exitCodeTable();
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({ options: { 'if-stale': { type: 'boolean', default: false }, outdir: { type: 'string', default: 'dist/server' }, quiet: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } }));
  } catch (e) {
    process.stderr.write(`error: ${e.message} (see npm run build -- --help)\n`);
    process.exit(2);
  }
  if (values.help) return void process.stdout.write(`${HELP}\n${await exitCodeTable()}`);
  const outdir = path.resolve(ROOT, values.outdir);
  const reason = values['if-stale'] ? staleReason(outdir) : 'asked to build';
  if (reason === undefined) return;
  const ms = await build(outdir);
  if (!values.quiet) process.stderr.write(`build: ${path.relative(ROOT, outdir)} (${reason}) in ${Math.round(ms)} ms\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    process.stderr.write(`build failed: ${e?.message ?? e}\n`);
    process.exit(1);
  });
}
