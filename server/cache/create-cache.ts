import type { Logger } from 'pino';
import type { ServerConfig } from '../config/config-schema.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { createMemoryCache } from './memory-cache.ts';
import { createRedisCache } from './redis-cache.ts';
import { offCache, type ResultCache } from './result-cache.ts';

/** Picks the cache from `--cache off|memory|redis://…`. */
export function createCache(config: Pick<ServerConfig, 'cache' | 'cacheTtl' | 'cacheMaxBytes'>, logger: Logger, metrics: Metrics): ResultCache {
  metrics.cacheUp.set(1);
  if (config.cache === 'off') return offCache;
  if (config.cache === 'memory') return createMemoryCache({ maxBytes: config.cacheMaxBytes, ttlSeconds: config.cacheTtl });
  metrics.cacheUp.set(0);
  return createRedisCache({
    url: config.cache,
    ttlSeconds: config.cacheTtl,
    logger,
    onError: () => metrics.cacheErrors.inc(),
    onUpChange: (up) => metrics.cacheUp.set(up ? 1 : 0),
  });
}
