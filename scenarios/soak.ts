import { defineScenario } from '../harness/scenario/scenario-input.ts';

/** Long steady load to show leaks and drift: watch RSS and p99 over the time series. */
export default defineScenario({
  name: 'soak',
  description: '20 users for 30 minutes with 1 s think time; memory and latency drift show in the time series',
  vus: 20,
  duration: '30m',
  thinkTime: '1s',
  warmup: '1m',
  thresholds: { http_req_failed: ['rate<0.01'] },
});
