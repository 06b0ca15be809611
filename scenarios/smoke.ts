import { defineScenario } from '../harness/scenario/scenario-input.ts';

/** Does it work at all: two users for 30 s. */
export default defineScenario({
  name: 'smoke',
  description: 'Two users for 30 s with 0.5 s think time: checks the path end to end, not capacity',
  vus: 2,
  duration: '30s',
  thinkTime: '0.5s',
  thresholds: { http_req_failed: ['rate<0.01'] },
});
