/**
 * The embedded run and --target against our server send the same request: only the options the
 * scenario sets, the rest left to the server's defaults. Another service gets the URL as given.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeScenario } from '../scenario/normalize-scenario.ts';
import { startFixtureServer } from '../../test/support/fixture-server.ts';
import type { BenchOptions, BenchTarget } from './bench-options.ts';
import { prepareRun } from './prepare-run.ts';
import type { StartedServer } from './start-server.ts';
import { startTarget } from './start-target.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function sentQuery(request: { mode?: 'page' | 'line'; cls?: boolean }, target: BenchTarget, outDir: string): Promise<string> {
  const n = normalizeScenario({ name: 'q', dataset: 'real-public', samplePool: 1, vus: 1, duration: '1s', ...request });
  assert.ok(n.ok);
  const o: BenchOptions = { root, scenario: n.scenario, runId: 'q', outDir, target, baselineSamples: 0, seeds: { samples: 1, arrivals: 2, think: 3 }, stop: new AbortController().signal, command: [], write: () => undefined };
  let server: StartedServer | null = null;
  try {
    const started = await startTarget(o, await prepareRun(o), (s) => (server = s));
    return new URL(started.target.url).search;
  } finally {
    await (server as StartedServer | null)?.stop();
  }
}

test('embedded and --target to our server send the same query; another service gets its URL as given', { timeout: 120_000 }, async () => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-query-'));
  const fx = await startFixtureServer();
  const other = createServer((req, res) => {
    if (req.url?.startsWith('/api/info')) return res.writeHead(404).end();
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"x"}'));
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  const embedded: BenchTarget = { kind: 'embedded', serverArgs: [], command: [process.execPath, '--import', 'tsx', 'test/support/fixture-server.ts'] };
  const url = (u: string): BenchTarget => ({ kind: 'url', url: u, field: 'image', textPath: 'text', linesPath: null });
  try {
    for (const request of [{}, { mode: 'line' as const }, { mode: 'page' as const, cls: false }]) {
      const a = await sentQuery(request, embedded, out);
      const b = await sentQuery(request, url(`${fx.url}/api/ocr`), out);
      assert.equal(b, a, JSON.stringify(request));
      assert.equal(a, request.mode ? `?mode=${request.mode}${'cls' in request ? '&cls=false' : ''}` : '');
    }
    // Not our server (no /api/info): nothing is added. What the URL says always stays.
    const port = (other.address() as AddressInfo).port;
    assert.equal(await sentQuery({ mode: 'line' }, url(`http://127.0.0.1:${port}/ocr`), out), '');
    assert.equal(await sentQuery({ mode: 'line' }, url(`${fx.url}/api/ocr?mode=page`), out), '?mode=page');
  } finally {
    await fx.close();
    await new Promise((r) => other.close(r));
    await rm(out, { recursive: true });
  }
});
