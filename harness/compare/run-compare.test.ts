import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOrder, takeTurns } from './run-compare.ts';

test('engines run in ABBA order across repeats: as given, reversed, as given', () => {
  const engines = ['ours-fast', 'ours', 'ppu'];
  assert.deepEqual([1, 2, 3, 4].map((rep) => engineOrder(engines, rep)), [engines, [...engines].reverse(), engines, [...engines].reverse()]);
  assert.deepEqual(engines, ['ours-fast', 'ours', 'ppu'], 'the given list is left as it was');
});

test('engines take turns in ABBA order until each is done, and a failing one gets no more turns', async () => {
  const turns: string[] = [];
  const pass = (name: string, needs: number, failAt = 0) => {
    let had = 0;
    return {
      name,
      done: (minMs: number) => had * 10 >= minMs && had >= needs,
      slice: async (ms: number) => {
        assert.equal(ms, 10);
        turns.push(name);
        had++;
        if (had === failAt) throw new Error(`${name} broke`);
      },
    };
  };
  const failed: string[] = [];
  await takeTurns([pass('A', 2), pass('B', 1), pass('C', 3)], 20, 10, (p, e) => failed.push(`${p.name}: ${e.message}`));
  assert.deepEqual(turns, ['A', 'B', 'C', 'C', 'B', 'A', 'C'], 'B needs two 10 ms turns to reach 20 ms; C three');
  assert.deepEqual(failed, []);

  turns.length = 0;
  const broke: string[] = [];
  await takeTurns([pass('A', 3, 2), pass('B', 3)], 0, 10, (p, e) => broke.push(`${p.name}: ${e.message}`));
  assert.deepEqual(turns, ['A', 'B', 'B', 'A', 'B']);
  assert.deepEqual(broke, ['A: A broke']);
});
