import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMachineCpu, parseProcStat } from './machine-cpu.ts';

test('parseProcStat reads the aggregate cpu line; idle and iowait are not busy', () => {
  const cases = [
    { name: 'typical', input: 'cpu  100 5 50 800 40 3 2 0 7 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n', want: { busy: 160, total: 1000 } },
    { name: 'old kernel, 4 fields', input: 'cpu 10 0 10 80\n', want: { busy: 20, total: 100 } },
    { name: 'not a stat file', input: 'MemTotal: 1 kB\n', want: null },
    { name: 'empty', input: '', want: null },
  ];
  for (const c of cases) assert.deepEqual(parseProcStat(c.input), c.want, c.name);
});

test('createMachineCpu gives null first, then a share between 0 and 100', async () => {
  const read = createMachineCpu();
  assert.equal(await read(), null);
  // Burn a little CPU so the counters move on any machine.
  const until = Date.now() + 60;
  while (Date.now() < until);
  const v = await read();
  assert.ok(typeof v === 'number' && v >= 0 && v <= 100, String(v));
});
