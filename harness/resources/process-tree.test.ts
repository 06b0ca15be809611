import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { processTree } from './process-tree.ts';

test('processTree finds a child and its grandchild', async () => {
  // sh starts sleep as a grandchild of this process.
  const child = spawn('sh', ['-c', 'sleep 5 & wait'], { stdio: 'ignore', detached: true });
  // Until sh has started sleep: a busy machine may take longer than any fixed pause.
  let tree = await processTree(process.pid);
  for (let i = 0; i < 300 && tree.length < 3; i++) {
    await new Promise((r) => setTimeout(r, 100));
    tree = await processTree(process.pid);
  }
  assert.equal(tree[0], process.pid);
  assert.ok(tree.includes(child.pid!), JSON.stringify(tree));
  assert.ok(tree.length >= 3, JSON.stringify(tree));
  process.kill(-child.pid!, 'SIGKILL');
  assert.deepEqual(await processTree(2 ** 22 + 1), [2 ** 22 + 1]);
});
