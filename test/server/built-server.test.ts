/**
 * The production build (`npm run build`, scripts/build.mjs): the bundle runs on plain Node (no tsx in
 * the main thread or the workers), finds the files beside its sources (the web page, the model
 * manifest), answers like the source server, and `--if-stale` rebuilds exactly when a bundled source
 * no longer hashes the same.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postImage, readImage, realPublic, ROOT, startServer, type ServerProcess } from '../support/server-process.ts';

// Inside the checkout: the bundle keeps its dependencies external and resolves them from node_modules.
const OUT = join(ROOT, 'dist', `.test-${process.pid}`);
function build(...flags: string[]): { stderr: string } {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', OUT, ...flags], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { stderr: r.stderr };
}
let server: ServerProcess;

before(async () => {
  build('--quiet');
  server = await startServer(['--workers', '1', '--cache', 'off'], {}, [join(OUT, 'main.js')]);
});
after(async () => {
  await server?.stop();
  rmSync(OUT, { recursive: true, force: true });
});

test('the bundle serves OCR, the web page and the model info without tsx', async () => {
  const item = realPublic('page').find((p) => p.file.includes('rapidocr_en'))!;
  const res = await postImage(server.url, readImage(item), '?detail=text');
  assert.equal(res.status, 200);
  const body = (await res.json()) as { text: string };
  assert.match(body.text, /MovieShots/);
  const page = await fetch(`${server.url}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html/);
  const info = (await (await fetch(`${server.url}/api/info`)).json()) as { models: unknown[] };
  assert.equal(info.models.length, 3);
  // No TypeScript loader anywhere in the process: the workers run the bundled worker.
  assert.ok(!server.child.spawnargs.some((a) => a.includes('tsx')));
});

test('--if-stale builds only when a bundled source changed', () => {
  const infoPath = join(OUT, 'build-info.json');
  assert.equal(build('--if-stale').stderr, '', 'nothing changed: no build');
  const info = JSON.parse(readFileSync(infoPath, 'utf8')) as { inputs: Record<string, string>; stamps: Record<string, [number, number]> };
  assert.ok(info.inputs['server/main.ts'] && info.inputs['server/pool/ocr-worker.ts'] && info.inputs['server/ocr/detect.ts']);
  // Touched, same content (a checkout): no build, and the new mtime is recorded so the next check is a stat.
  const touched = { ...info, stamps: { ...info.stamps, 'server/app.ts': [0, 0] } };
  writeFileSync(infoPath, JSON.stringify(touched));
  assert.equal(build('--if-stale').stderr, '', 'same content: no build');
  assert.deepEqual(JSON.parse(readFileSync(infoPath, 'utf8')).stamps['server/app.ts'], info.stamps['server/app.ts']);
  // As if server/app.ts had been edited since the build (its stamp and its hash differ).
  info.inputs['server/app.ts'] = '0'.repeat(64);
  info.stamps['server/app.ts'] = [0, 0];
  writeFileSync(infoPath, JSON.stringify(info));
  assert.match(build('--if-stale').stderr, /server\/app\.ts changed/);
  const rebuilt = JSON.parse(readFileSync(infoPath, 'utf8')) as { inputs: Record<string, string> };
  assert.notEqual(rebuilt.inputs['server/app.ts'], '0'.repeat(64));
});

test('the HTTP side is a chunk main.js loads after starting the pool; a missing chunk rebuilds', () => {
  const main = readFileSync(join(OUT, 'main.js'), 'utf8');
  // Cold start: the workers start loading models while hono and the app load (server/main.ts).
  assert.doesNotMatch(main, /^import .* from "(hono|@hono\/node-server|ioredis|prom-client)"/m);
  const dynamic = main.search(/[^\w]import\("\.\/chunk-[A-Z0-9]+\.js"\)/);
  assert.ok(dynamic > 0 && main.indexOf('new Piscina(') < dynamic, 'pool created before the HTTP chunk is imported');
  const info = JSON.parse(readFileSync(join(OUT, 'build-info.json'), 'utf8')) as { outputs: string[] };
  const chunk = info.outputs.find((f) => /^chunk-.*\.js$/.test(f))!;
  rmSync(join(OUT, chunk));
  assert.match(build('--if-stale').stderr, new RegExp(`no ${chunk.replace('.', '\\.')}`));
  assert.ok(existsSync(join(OUT, chunk)));
});
