/**
 * The `results.json` contract of a bench run, one file per concept; this index re-exports them so
 * importers need one path. The versioning rules are in run-results.ts.
 */
export * from './accuracy.ts';
export * from './latency.ts';
export * from './phase.ts';
export * from './run-results.ts';
export * from './scenario.ts';
export * from './time-series.ts';
export * from './request-config.ts';
export * from './slo.ts';
