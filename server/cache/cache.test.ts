import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheKey } from './cache-key.ts';
import { createMemoryCache } from './memory-cache.ts';
import type { ModelInfo } from '../ocr/types.ts';

const models: ModelInfo[] = [
  { id: 'det', role: 'det', sha256: 'aa' },
  { id: 'rec', role: 'rec', sha256: 'bb' },
];
const img = new Uint8Array([1, 2, 3]);
const engine = { limitSideLen: 1280 };

test('cache key: stable for the same input, different when anything that changes the result changes', () => {
  const base = cacheKey({ image: img, mode: 'page', cls: false, models, engine });
  assert.equal(cacheKey({ image: new Uint8Array([1, 2, 3]), mode: 'page', cls: false, models, engine: { limitSideLen: 1280 } }), base);
  assert.match(base, /^ocr:v1:[0-9a-f]{64}:page:cls=0:m=[0-9a-f]{16}$/);
  const variants = [
    cacheKey({ image: new Uint8Array([1, 2, 4]), mode: 'page', cls: false, models, engine }),
    cacheKey({ image: img, mode: 'line', cls: false, models, engine }),
    cacheKey({ image: img, mode: 'page', cls: true, models, engine }),
    cacheKey({ image: img, mode: 'page', cls: undefined, models, engine }),
    cacheKey({ image: img, mode: 'page', cls: false, models: [models[0], { ...models[1], sha256: 'cc' }], engine }),
    cacheKey({ image: img, mode: 'page', cls: false, models, engine: { limitSideLen: 960 } }),
  ];
  assert.equal(new Set([base, ...variants]).size, 7);
});

test('memory cache: hit after set, LRU eviction keeps it within its byte bound', async () => {
  const c = createMemoryCache({ maxBytes: 1000, ttlSeconds: 60 });
  await c.set('k0', 'x'.repeat(100));
  assert.equal(await c.get('k0'), 'x'.repeat(100));
  assert.equal(await c.get('nope'), undefined);
  // Each entry costs 2 * (100 + 2) = 204 bytes, so only 4 fit in 1000.
  for (let i = 1; i <= 6; i++) await c.set(`k${i}`, 'y'.repeat(100));
  const present = [];
  for (let i = 0; i <= 6; i++) if ((await c.get(`k${i}`)) !== undefined) present.push(i);
  assert.deepEqual(present, [3, 4, 5, 6]);
});

test('memory cache: an entry bigger than the whole cache is not kept', async () => {
  const c = createMemoryCache({ maxBytes: 100, ttlSeconds: 60 });
  await c.set('big', 'z'.repeat(200));
  assert.equal(await c.get('big'), undefined);
});
