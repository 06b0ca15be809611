import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactCredentials } from './ops-routes.ts';

const cases = [
  { input: 'memory', want: 'memory' },
  { input: 'redis://127.0.0.1:6379', want: 'redis://127.0.0.1:6379' },
  { input: 'redis://:s3cret@cache:6379/0', want: 'redis://***@cache:6379/0' },
  { input: 'rediss://user:pw@cache:6380', want: 'rediss://***@cache:6380' },
];
for (const c of cases) test(`redactCredentials(${c.input})`, () => assert.equal(redactCredentials(c.input), c.want));
