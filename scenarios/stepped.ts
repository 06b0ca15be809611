import { defineScenario } from '../harness/scenario/scenario-input.ts';
import { SEED_SLO } from '../harness/slo/parse-slo.ts';

/**
 * The seed's Locust profile: 10, 20, 40, 60 users for 2, 3, 5, 3 minutes, 1 s think, pages, cache off,
 * judged per step by the seed's SLO (p95 < 1200 ms, errors < 1%): the summary leads with the capacity at it.
 */
export default defineScenario({
  name: 'stepped',
  description: 'Stepped closed load like the seed: 10/20/40/60 users, 1 s think time, mixed-500 pages, cache off',
  dataset: 'mixed-500',
  mode: 'page',
  cache: 'off',
  thinkTime: '1s',
  stages: [
    { vus: 10, duration: '2m' },
    { vus: 20, duration: '3m' },
    { vus: 40, duration: '5m' },
    { vus: 60, duration: '3m' },
  ],
  thresholds: { http_req_failed: ['rate<0.01'] },
  slo: SEED_SLO,
});
