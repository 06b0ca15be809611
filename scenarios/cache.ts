import { defineScenario } from '../harness/scenario/scenario-input.ts';

/** Repeats a pool of 20 images with the server's memory cache on: after the first pass most requests hit. */
export default defineScenario({
  name: 'cache',
  description: '10 users repeating 20 distinct pages with the memory cache on; compare with stepped to see the cache',
  cache: 'memory',
  samplePool: 20,
  vus: 10,
  duration: '1m',
  thinkTime: '0.2s',
});
