import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateResults } from './schema.ts';
import { exampleResults } from '../../test/support/example-results.ts';

test('the example results validate', () => {
  const r = validateResults(exampleResults());
  assert.equal(r.ok, true, r.ok ? '' : r.problems.join('\n'));
});

test('every problem is reported with its path', () => {
  const bad = exampleResults() as unknown as Record<string, unknown>;
  bad.schemaVersion = 2;
  (bad.summary as Record<string, unknown>).peakQps = 'fast';
  const r = validateResults(bad);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(
    r.problems.map((p) => p.split(':')[0]),
    ['schemaVersion', 'summary.peakQps'],
  );
});
