import { defineScenario } from '../harness/scenario/scenario-input.ts';

/**
 * Steady load on a cluster while one replica dies: run it with `npm run fault:replica-kill` (deploy/
 * replica-kill.ts), which starts a 2-replica cluster, benches it with this scenario and SIGKILLs one
 * replica halfway through the phase. Errors should sit in the seconds around the kill (the requests the
 * dead replica held), haproxy's /readyz check takes it out within about a second, and the run stays valid.
 */
export default defineScenario({
  name: 'replica-kill',
  description: '4 users, 0.5 s think time, mixed-500 pages for 60 s against a cluster; one replica is killed mid-phase',
  dataset: 'mixed-500',
  mode: 'page',
  cache: 'off',
  thinkTime: '0.5s',
  vus: 4,
  duration: '60s',
  warmup: '5s',
  // No error-rate threshold: the requests the killed replica held fail by design, and on a loaded
  // machine (a few pages/s) those few are a large share. The driver's verdict is where they fall.
});
