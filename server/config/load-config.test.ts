import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './load-config.ts';

test('defaults apply when nothing is given', () => {
  const r = loadConfig([], {});
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') return;
  assert.equal(r.config.host, '127.0.0.1');
  assert.equal(r.config.port, 8080);
  assert.equal(r.config.threads, 1);
  assert.equal(r.config.batching, 'off');
  assert.equal(r.config.cache, 'memory');
  assert.equal(r.config.debugFaults, false);
  assert.ok(r.config.workers >= 1);
});

test('flags win over env, env over defaults, values are coerced', () => {
  const r = loadConfig(['--port', '0', '--max-batch', '32', '--cache', 'redis://127.0.0.1:6390'], {
    OCR_PORT: '9000',
    OCR_WORKERS: '3',
    OCR_BATCHING: 'on',
    OCR_DEBUG_FAULTS: '1',
    OCR_REREAD_BELOW: '0',
    OCR_REREAD_PAGES: 'all',
  });
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') return;
  assert.equal(r.config.port, 0);
  assert.equal(r.config.workers, 3);
  assert.equal(r.config.maxBatch, 32);
  assert.equal(r.config.batching, 'on');
  assert.equal(r.config.cache, 'redis://127.0.0.1:6390');
  assert.equal(r.config.debugFaults, true);
  assert.equal(r.config.rereadBelow, 0);
  assert.equal(r.config.rereadPages, 'all');
});

test('every invalid value is reported at once, named by its flag', () => {
  const r = loadConfig(['--port', '70000', '--workers', 'two', '--batching', 'maybe', '--cache', 'disk', '--bogus', '1'], {
    OCR_LOG_LEVEL: 'loud',
    OCR_DEADLINE_MS: '-5',
    OCR_REREAD_BELOW: '1.5',
    OCR_REREAD_PAGES: 'true',
  });
  assert.equal(r.kind, 'invalid');
  if (r.kind !== 'invalid') return;
  const flags = ['--bogus', '--port', '--workers', '--batching', '--cache', '--log-level', '--deadline-ms', '--reread-below', '--reread-pages'];
  for (const f of flags) assert.ok(r.errors.some((e) => e.includes(f)), `no error names ${f}: ${r.errors.join('; ')}`);
  // '--bogus 1' leaves '1' as a stray operand, reported too.
  assert.ok(r.errors.includes('unexpected argument 1'));
  assert.equal(r.errors.length, flags.length + 1);
});

test('a flag without its value is an error, not a crash', () => {
  const r = loadConfig(['--port'], {});
  assert.equal(r.kind, 'invalid');
});

test('--help lists every option with its env name', () => {
  const r = loadConfig(['--help'], {});
  assert.equal(r.kind, 'help');
  if (r.kind !== 'help') return;
  for (const s of ['--max-wait-ms', 'OCR_MAX_WAIT_MS', '--cache', '--deadline-ms', '--max-pixels']) assert.ok(r.text.includes(s), s);
});

test('--profile: accurate by default, fast by flag or OCR_PROFILE (the flag wins), anything else is invalid', () => {
  const profile = (argv: string[], env: Record<string, string> = {}) => {
    const r = loadConfig(argv, env);
    return r.kind === 'ok' ? r.config.profile : r.kind === 'invalid' ? r.errors.join('; ') : r.kind;
  };
  assert.equal(profile([]), 'accurate');
  assert.equal(profile(['--profile', 'fast']), 'fast');
  assert.equal(profile([], { OCR_PROFILE: 'fast' }), 'fast');
  assert.equal(profile(['--profile', 'accurate'], { OCR_PROFILE: 'fast' }), 'accurate');
  assert.match(profile(['--profile', 'turbo']), /^--profile \("turbo"\): .*"accurate"\|"fast"/);
  assert.match(profile([], { OCR_PROFILE: 'turbo' }), /^--profile \("turbo"\)/);
});
