import type { Logger } from 'pino';
import type { ServerConfig } from '../config/config-schema.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { createMemoryCache } from './memory-cache.ts';
import { offCache, type ResultCache } from './result-cache.ts';

/**
 * Picks the cache from `--cache off|memory|redis://…`. The Redis client is imported only when asked for:
 * ioredis took 65-73 ms of the main thread's start, which the other two never need.
 */
export async function createCache(config: Pick<ServerConfig, 'cache' | 'cacheTtl' | 'cacheMaxBytes'>, logger: Logger, metrics: Metrics): Promise<ResultCache> {
  metrics.cacheUp.set(1);
  if (config.cache === 'off') return offCache;
  if (config.cache === 'memory') return createMemoryCache({ maxBytes: config.cacheMaxBytes, ttlSeconds: config.cacheTtl });
  metrics.cacheUp.set(0);
  const { createRedisCache } = await import('./redis-cache.ts');
  return createRedisCache({
    url: config.cache,
    ttlSeconds: config.cacheTtl,
    logger,
    onError: () => metrics.cacheErrors.inc(),
    onUpChange: (up) => metrics.cacheUp.set(up ? 1 : 0),
  });
}
