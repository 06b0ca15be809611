import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { transform } from 'esbuild';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateDataset } from '../../datasets/lib/load.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import { normalizeScenario } from '../scenario/normalize-scenario.ts';
import type { EffectiveScenario } from '../results/schema.ts';
import { exportK6Cli } from './export-cli.ts';
import { exportK6, type K6Item } from './export.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const types = path.join(root, 'node_modules/@types');
let dir: string;
let items: K6Item[];

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-k6-'));
  const ds = await validateDataset('real-public', { checkImages: false });
  items = ds.items.map((i) => ({ id: i.id, file: path.join(ds.dir, i.file) }));
  // k6's modules resolve to @types/k6 as if k6 were installed; the script is checked as JavaScript.
  await writeFile(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        allowJs: true, checkJs: true, noEmit: true, strict: false, target: 'ES2020', module: 'ES2020', moduleResolution: 'node10', lib: ['ES2020'],
        types: ['k6'], typeRoots: [types], baseUrl: '.', paths: { k6: [`${types}/k6/index.d.ts`], 'k6/*': [`${types}/k6/*`] },
      },
      files: ['script.js'],
    }),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

/** Type-checks a script against @types/k6 with the project's TypeScript; resolves to tsc's output ('' when clean). */
async function typecheck(script: string): Promise<string> {
  await writeFile(path.join(dir, 'script.js'), script);
  return new Promise((resolve) =>
    execFile(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { timeout: 60_000 }, (err, stdout, stderr) => resolve(err ? stdout + stderr || String(err) : '')),
  );
}

async function scenario(name: string, scale = 0.1): Promise<EffectiveScenario> {
  const n = normalizeScenario(await loadScenario(name), { scale, dataset: 'real-public' });
  assert.ok(n.ok, JSON.stringify(n));
  return n.ok ? n.scenario : (undefined as never);
}

test('the stepped export type-checks against @types/k6, and a broken script does not', async () => {
  const script = exportK6(await scenario('stepped'), items);
  assert.equal(await typecheck(script), '');
  // The check is real: a wrong k6 call is caught.
  const broken = await typecheck(script.replace("http.post(URL, {", "http.post(URL, 42, {"));
  assert.match(broken, /error TS/);
});

test('stages become one k6 scenario per phase, tagged with the phase; thresholds translate', async () => {
  const s = await scenario('stepped');
  s.thresholds = { 'phase:40': ['p(95)<1200 abortOnFail'], global: ['error_rate<0.01', 'cer<0.02', 'qps>18'] };
  const script = exportK6(s, items.slice(0, 3), { target: 'http://10.0.0.5:9000' });
  const options = JSON.parse(/export const options = \{\n {2}scenarios: ([\s\S]*?),\n {2}thresholds: ([\s\S]*?),\n {2}summaryTrendStats/.exec(script)!.slice(1).map((x, i) => (i === 0 ? `{"s":${x}` : `"t":${x}}`)).join(','));
  assert.deepEqual(Object.keys(options.s), ['phase_1', 'phase_2', 'phase_3', 'phase_4']);
  assert.deepEqual(options.s.phase_2, { executor: 'constant-vus', vus: 20, duration: `${s.phases[1].durationMs}ms`, startTime: `${s.phases[0].durationMs}ms`, gracefulStop: '0s', tags: { phase: '20 users' }, exec: 'ocr' });
  assert.deepEqual(options.t['http_req_duration{phase:40 users}'], [{ threshold: 'p(95)<1200', abortOnFail: true }, 'max>=0']);
  assert.deepEqual(options.t.http_req_failed, ['rate<0.01']);
  assert.match(script, /\/\/ Threshold not expressible in k6: cer<0.02: k6 does not measure cer/);
  assert.match(script, /\/\/ Threshold not expressible in k6: qps>18: k6 does not measure per-phase throughput/);
  assert.match(script, /const TARGET = __ENV.TARGET \|\| "http:\/\/10.0.0.5:9000";/);
  assert.match(script, /randomSeed\(1\);/);
  assert.equal(await typecheck(script), '');
});

test('the request is the bench\'s: only the options the scenario sets go in the query', async () => {
  const s = await scenario('stepped');
  s.request = {};
  assert.match(exportK6(s, items), /\+ '\/api\/ocr';/);
  s.request = { mode: 'line', cls: false };
  assert.match(exportK6(s, items), /\+ '\/api\/ocr\?mode=line&cls=false';/);
});

test('an open-model scenario exports arrival-rate executors that type-check', async () => {
  const s = await scenario('arrival-rate');
  const script = exportK6(s, items);
  assert.match(script, /"executor": "constant-arrival-rate"/);
  assert.equal(await typecheck(script), '');
});

/** Runs the export CLI in-process, capturing stdout and stderr separately. */
async function exportK6CliForTest(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await exportK6Cli(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

test('the CLI writes the script to stdout and a usage error as one line, exit 2', async () => {
  const ok = await exportK6CliForTest(['smoke', '--dataset', 'real-public']);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /^\/\/ k6 script generated by ocrbench from scenario "smoke"/);
  const bad = await exportK6CliForTest(['no-such-scenario']);
  assert.equal(bad.code, 2);
  assert.equal(bad.out, '');
  assert.match(bad.err, /^error: .*unknown scenario "no-such-scenario".*\n$/);
});

test('npm run bench -- --export-k6 NAME --out FILE: only the script in the file, images relative to it, each opened once and shared', async () => {
  const sub = path.join(dir, 'k6-out');
  const file = path.join(sub, 'script.js');
  const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile('npm', ['run', 'bench', '--', '--export-k6', 'smoke', '--dataset', 'real-public', '--out', file], { cwd: root, timeout: 120_000 }, (err, _stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stderr }),
    ),
  );
  assert.equal(r.code, 0, r.stderr);
  const script = await readFile(file, 'utf8');
  assert.match(script, /^\/\/ k6 script generated by ocrbench/, 'no npm banner in the file');
  // It parses as an ES module (what k6 loads) and type-checks against @types/k6.
  await transform(script, { loader: 'js', format: 'esm' });
  assert.equal(await typecheck(script), '');
  const files = JSON.parse(/const FILES = (\[.*\]);/.exec(script)![1]) as [string, string, string][];
  const ds = await validateDataset('real-public', { checkImages: false });
  assert.equal(files.length, ds.items.length);
  for (const [, rel] of files) {
    assert.ok(!path.isAbsolute(rel), `relative path: ${rel}`);
    await access(path.resolve(sub, rel)); // resolves from the script's folder, as k6 does
  }
  // Images come through k6/experimental/fs (loaded once, shared by VUs), never the per-VU global open().
  assert.match(script, /import \{ open as openFile, SeekMode \} from 'k6\/experimental\/fs';/);
  assert.doesNotMatch(script.replace(/\/\/.*$/gm, ''), /(^|[^.\w])open\(/m, 'no global open() outside comments');
  assert.equal(script.match(/await openFile\(/g)?.length, 1, 'one open call, in the init-context loop over FILES');
});
