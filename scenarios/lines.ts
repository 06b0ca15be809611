import { defineScenario } from '../harness/scenario/scenario-input.ts';

/** Line mode: single text-line crops, recognition only (no detection), where dynamic batching matters. */
export default defineScenario({
  name: 'lines',
  description: 'Line crops from lines-500 in line mode: 5, 10, 20 users, 0.1 s think time',
  dataset: 'lines-500',
  mode: 'line',
  thinkTime: '0.1s',
  stages: [
    { vus: 5, duration: '1m' },
    { vus: 10, duration: '1m' },
    { vus: 20, duration: '1m' },
  ],
});
