import { defineScenario } from '../harness/scenario/scenario-input.ts';

/**
 * Open model: requests arrive on a Poisson schedule whatever the server does, so queueing shows in
 * the latency from the scheduled time (coordinated-omission corrected) beside the service time.
 */
export default defineScenario({
  name: 'arrival-rate',
  description: 'Poisson arrivals stepping 1, 2, 4, 6 per second, 1 minute each',
  arrival: 'poisson',
  maxInFlight: 128,
  stages: [
    { rate: 1, duration: '1m' },
    { rate: 2, duration: '1m' },
    { rate: 4, duration: '1m' },
    { rate: 6, duration: '1m' },
  ],
});
