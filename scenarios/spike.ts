import { defineScenario } from '../harness/scenario/scenario-input.ts';

/** A sudden burst and the recovery after it. */
export default defineScenario({
  name: 'spike',
  description: '5 users, a burst to 60 users for 30 s, back to 5: does the server shed load and recover',
  thinkTime: '1s',
  stages: [
    { name: 'before', vus: 5, duration: '1m' },
    { name: 'spike', vus: 60, duration: '30s', warmup: '0s' },
    { name: 'after', vus: 5, duration: '1m', warmup: '0s' },
  ],
});
