import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchArgs } from './bench-args.ts';

test('flags for someone else\'s service: headers, query, JSON body, load from flags', () => {
  const r = parseBenchArgs(['--target', 'http://x/v1/ocr', '-H', 'Authorization: Bearer t', '--header', 'X-Team: a', '--query', 'lang=en', '--body', 'json', '--vus', '2', '--duration', '20s', '--slo', 'p95<800']);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
  assert.deepEqual(r.args.headers, { Authorization: 'Bearer t', 'X-Team': 'a' });
  assert.deepEqual(r.args.query, { lang: 'en' });
  assert.equal(r.args.body, 'json');
  assert.deepEqual(r.args.load, { vus: '2', duration: '20s' });
  assert.equal(r.args.slo, 'p95<800');
  const plain = parseBenchArgs(['--phases', 'stepped']);
  assert.ok(plain.ok && plain.args.load === null && plain.args.body === 'multipart');
});

test('bad combinations: every problem at once, header values never echoed', () => {
  const r = parseBenchArgs(['--phases', 'stepped', '--vus', '2', '-H', 'Bearer secret', '--body', 'xml', '--query', 'novalue']);
  assert.ok(!r.ok);
  assert.deepEqual(r.errors, [
    '--header: expected \'Name: value\', got "***"',
    '--query: expected k=v, got "novalue"',
    '--body: multipart or json, got "xml"',
    '--header applies to --target, not to the embedded server',
    '--query applies to --target, not to the embedded server',
    '--body applies to --target, not to the embedded server',
    'load flags (--vus, --stages, --rate, ...) replace a scenario: drop --phases/--scenario or the load flags',
  ]);
  const q = parseBenchArgs(['--quick', '--rate', '5/s', '--duration', '1m']);
  assert.ok(!q.ok && q.errors.some((e) => /--quick scales a scenario/.test(e)));
});
