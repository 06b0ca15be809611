import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from './duration.ts';

test('parseDuration', () => {
  const cases: { input: string | number; want: number | 'error' }[] = [
    { input: '500ms', want: 500 },
    { input: '30s', want: 30_000 },
    { input: '2m', want: 120_000 },
    { input: '1h', want: 3_600_000 },
    { input: '1m30s', want: 90_000 },
    { input: '1.5s', want: 1500 },
    { input: 250, want: 250 },
    { input: 0, want: 0 },
    { input: '', want: 'error' },
    { input: '10', want: 'error' },
    { input: '5 minutes', want: 'error' },
    { input: '2m junk', want: 'error' },
    { input: -1, want: 'error' },
  ];
  for (const { input, want } of cases) {
    const got = parseDuration(input);
    if (want === 'error') assert.ok('error' in got, `${input} should fail`);
    else assert.deepEqual(got, { ms: want }, String(input));
  }
});
