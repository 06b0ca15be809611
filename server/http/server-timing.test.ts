import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatServerTiming } from './server-timing.ts';

const cases = [
  { name: 'empty', input: [], want: '' },
  { name: 'rounds to 0.01 ms', input: [{ name: 'queue', dur: 1.23456 }, { name: 'total', dur: 10 }], want: 'queue;dur=1.23, total;dur=10' },
  { name: 'negative clock skew becomes 0', input: [{ name: 'queue', dur: -0.4 }], want: 'queue;dur=0' },
  { name: 'description quoted, quotes dropped', input: [{ name: 'cache', dur: 0.5, desc: 'h"it' }], want: 'cache;desc="hit";dur=0.5' },
];
for (const c of cases) test(`formatServerTiming: ${c.name}`, () => assert.equal(formatServerTiming(c.input), c.want));
