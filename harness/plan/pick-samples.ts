import { createRandom } from './random.ts';

/**
 * An endless, seeded order of sample ids: each epoch is a fresh Fisher-Yates shuffle, so every
 * sample is used equally often and no image repeats within an epoch. With `pool`, only the first
 * `pool` ids of the first shuffle are ever drawn (the cache scenario repeats a small set).
 */
export function createSampleStream(ids: readonly string[], seed: number, pool?: number): () => string {
  if (ids.length === 0) throw new Error('createSampleStream: no samples');
  const random = createRandom(seed);
  const shuffle = (items: readonly string[]) => {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  let base = ids;
  let epoch = shuffle(base);
  if (pool !== undefined && pool < ids.length) {
    base = epoch.slice(0, pool);
    epoch = [...base];
  }
  let next = 0;
  return () => {
    if (next === epoch.length) {
      epoch = shuffle(base);
      next = 0;
    }
    return epoch[next++];
  };
}

/** The first n ids of createSampleStream: which sample each request sends, in order. */
export function pickSamples(ids: readonly string[], n: number, seed: number, pool?: number): string[] {
  const next = createSampleStream(ids, seed, pool);
  return Array.from({ length: n }, next);
}
