/** Starting the process: --help lists every option; bad configuration is reported all at once (exit 2). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/server-process.ts';

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

test('--help prints every option and exits 0', () => {
  const r = run(['--help']);
  assert.equal(r.status, 0, r.stderr);
  for (const flag of ['--host', '--port', '--workers', '--threads', '--max-batch', '--max-wait-ms', '--batching', '--queue', '--deadline-ms', '--cache', '--cache-ttl', '--log-level', '--max-bytes', '--max-pixels']) {
    assert.ok(r.stdout.includes(flag), `${flag} missing from --help`);
  }
});

test('every invalid flag and OCR_* variable is reported at start, then exit 2 without loading models', () => {
  const r = run(['--port', 'eighty', '--batching', 'sometimes', '--cache', 'ftp://x'], { OCR_WORKERS: '0', OCR_LOG_LEVEL: 'chatty' });
  assert.equal(r.status, 2);
  for (const flag of ['--port', '--batching', '--cache', '--workers', '--log-level']) assert.match(r.stderr, new RegExp(`${flag} \\(`), r.stderr);
  assert.equal(r.stdout, '', 'nothing started');
});

test('a worker that cannot load its engine stops the process with exit 1 instead of restarting forever', () => {
  // A manifest that passes the main thread's check but names a detector file that is not there. Written under
  // the checkout (models/.cache, git-ignored) so its package references resolve as the real manifest's do.
  mkdirSync(join(ROOT, 'models/.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'models/.cache/test-manifest-'));
  const manifest = JSON.parse(readFileSync(join(ROOT, 'models/manifest.json'), 'utf8')) as { models: { role: string; file: unknown }[] };
  for (const m of manifest.models) if (m.role === 'det') m.file = { path: '/nonexistent/det.onnx' };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const r = run(['--port', '0', '--workers', '1', '--manifest', join(dir, 'manifest.json')]);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  // One cause, one line, whichever of the worker's message and its error event arrives first.
  const lines = r.stdout.split('\n').filter((l) => /"msg":"(worker could not load the engine|worker pool error|a worker died before it was ready)"/.test(l));
  assert.equal(lines.length, 1, r.stdout);
  assert.match(lines[0], /"msg":"worker could not load the engine"/);
  assert.match(lines[0], /"err":"model ch_PP-OCRv4_det[^"]*: cannot read \/nonexistent\/det\.onnx"/);
});

test('a manifest that cannot be read stops the process with exit 1 before any worker starts', () => {
  const r = run(['--port', '0', '--workers', '1', '--manifest', '/nonexistent/manifest.json']);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l.trim());
  assert.equal(lines.length, 1, r.stdout);
  assert.match(lines[0], /"msg":"cannot read the model manifest; exiting"/);
  assert.match(lines[0], /"err":"model manifest \/nonexistent\/manifest\.json cannot be read as JSON"/);
});
