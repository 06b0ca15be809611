import { LRUCache } from 'lru-cache';
import type { ResultCache } from './result-cache.ts';

export interface MemoryCacheOptions {
  maxBytes: number;
  ttlSeconds: number;
}

/** An LRU bounded by the bytes of what it holds (keys and JSON), so memory stays bounded under any load. */
export function createMemoryCache({ maxBytes, ttlSeconds }: MemoryCacheOptions): ResultCache {
  const lru = new LRUCache<string, string>({
    maxSize: maxBytes,
    // JS strings are UTF-16 in the heap; 2 bytes a code unit is the honest bound.
    sizeCalculation: (value, key) => 2 * (value.length + key.length),
    ttl: ttlSeconds * 1000,
  });
  return {
    kind: 'memory',
    get: async (key) => lru.get(key),
    set: async (key, value) => {
      // An entry larger than the whole cache is simply not kept (lru-cache would refuse it anyway).
      if (2 * (value.length + key.length) <= maxBytes) lru.set(key, value);
    },
    up: true,
    close: async () => lru.clear(),
  };
}
