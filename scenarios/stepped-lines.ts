import { defineScenario } from '../harness/scenario/scenario-input.ts';
import stepped from './stepped.ts';

/**
 * The seed's own workload: `stepped` (the seed's 10/20/40/60 users for 2, 3, 5, 3 minutes, 1 s think
 * time, the seed's SLO) over single text lines instead of whole pages.
 */
export default defineScenario({
  ...stepped,
  name: 'stepped-lines',
  description: 'Stepped closed load like the seed on line images: 10/20/40/60 users, 1 s think time, lines-500, cache off',
  dataset: 'lines-500',
  mode: 'line',
});
