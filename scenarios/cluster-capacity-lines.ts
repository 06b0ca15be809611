import { defineScenario } from '../harness/scenario/scenario-input.ts';

/**
 * cluster-capacity with single text lines (lines-500, ~20 ms of CPU each instead of ~400 ms a page):
 * on a crowded machine a minute of it still gives hundreds of answers, so the 1 vs 2 replica
 * comparison has percentiles and a spread, where the page variant gets a few dozen answers.
 */
export default defineScenario({
  name: 'cluster-capacity-lines',
  description: '6 users, no think time, lines-500 single lines for 60 s: the capacity of a cluster behind its balancer',
  dataset: 'lines-500',
  mode: 'line',
  cache: 'off',
  vus: 6,
  duration: '60s',
  warmup: '10s',
});
