import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeader, redactCommand, redactHeader } from './redact.ts';

test('header values are redacted in every spelling of the flag', () => {
  assert.equal(redactHeader('Authorization: Bearer abc'), 'Authorization: ***');
  assert.deepEqual(redactCommand(['--target', 'http://x', '-H', 'Authorization: Bearer abc', '--header=X-Key: k1', '--header', 'X-Other:k2', '-HX-Api: k3', '--vus', '2']), [
    '--target', 'http://x', '-H', 'Authorization: ***', '--header=X-Key: ***', '--header', 'X-Other: ***', '-HX-Api: ***', '--vus', '2',
  ]);
  assert.ok(!JSON.stringify(redactCommand(['-H', 'abc'])).includes('abc'));
});

test('a header is Name: value; a bad one is reported without its value', () => {
  assert.deepEqual(parseHeader('Authorization:  Bearer a:b '), { ok: true, name: 'Authorization', value: 'Bearer a:b' });
  const bad = parseHeader('Bearer secret');
  assert.ok(!bad.ok && !bad.error.includes('secret'));
});
