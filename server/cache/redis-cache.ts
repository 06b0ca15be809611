import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ResultCache } from './result-cache.ts';

export interface RedisCacheOptions {
  url: string;
  ttlSeconds: number;
  logger: Logger;
  onError?: () => void;
  onUpChange?: (up: boolean) => void;
}

/**
 * Redis as a shared cache that must never take the server down: no offline queue and a short command
 * timeout, so while Redis is away every lookup fails fast as a miss and every store is skipped; ioredis
 * keeps reconnecting in the background and the cache comes back by itself.
 */
export function createRedisCache({ url, ttlSeconds, logger, onError, onUpChange }: RedisCacheOptions): ResultCache {
  // Unknown until the first connect succeeds or fails, so a Redis that is down from the start is logged too.
  let up: boolean | undefined;
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 250,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    lazyConnect: false,
  });
  const setUp = (next: boolean, detail?: unknown) => {
    if (next === up) return;
    const first = up === undefined;
    up = next;
    onUpChange?.(up);
    if (up) logger.info({ cache: 'redis' }, 'redis cache connected');
    else logger.warn({ cache: 'redis', err: detail, atStart: first }, 'redis cache unreachable; serving uncached');
  };
  client.on('ready', () => setUp(true));
  client.on('error', (err: Error) => setUp(false, err.message));
  client.on('close', () => setUp(false, 'connection closed'));

  const guarded = async <T>(f: () => Promise<T>, fallback: T): Promise<T> => {
    if (up !== true) return fallback;
    try {
      return await f();
    } catch (err) {
      onError?.();
      logger.warn({ cache: 'redis', err: (err as Error).message }, 'redis cache command failed');
      return fallback;
    }
  };

  return {
    kind: 'redis',
    get: (key) => guarded(async () => (await client.get(key)) ?? undefined, undefined),
    set: (key, value) => guarded(async () => void (await client.set(key, value, 'EX', ttlSeconds)), undefined),
    get up() {
      return up === true;
    },
    async close() {
      up = false;
      client.disconnect();
    },
  };
}
