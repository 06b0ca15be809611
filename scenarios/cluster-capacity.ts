import { defineScenario } from '../harness/scenario/scenario-input.ts';

/**
 * Saturating closed load for comparing cluster sizes (deploy/replica-spread.ts): 6 users with no
 * think time keep every replica's worker slots (2 per worker) busy, so answered pages/s is the cluster's capacity.
 */
export default defineScenario({
  name: 'cluster-capacity',
  description: '6 users, no think time, mixed-500 pages for 60 s: the capacity of a cluster behind its balancer',
  dataset: 'mixed-500',
  mode: 'page',
  cache: 'off',
  vus: 6,
  duration: '60s',
  warmup: '10s',
});
