import { defineScenario } from '../harness/scenario/scenario-input.ts';
import { SEED_SLO } from '../harness/slo/parse-slo.ts';

/**
 * The seed's own workload: single text lines, the seed's 10/20/40/60 users for 2, 3, 5, 3 minutes
 * with 1 s think time, judged by the seed's SLO. `stepped` is the same profile on whole pages.
 */
export default defineScenario({
  name: 'stepped-lines',
  description: 'Stepped closed load like the seed on line images: 10/20/40/60 users, 1 s think time, lines-500, cache off',
  dataset: 'lines-500',
  mode: 'line',
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
