import type { Duration } from './duration.ts';

/**
 * A load profile as written in `scenarios/<name>.ts`. Names follow k6 where they overlap (`stages`,
 * `vus`, `duration`, `thresholds`). Short forms: top-level `vus` or `rate` with `duration` is one
 * stage; a number duration is milliseconds; `thinkTime: '1s'` is a constant, `['0.5s', '1.5s']` a
 * uniform random range. Unlike k6's ramping executors, a stage *holds* its target for its duration
 * (a step); `ramp` adds a linear ramp from the previous stage's users at the stage start.
 */
export interface ScenarioInput {
  name: string;
  description?: string;
  /** Dataset folder name under datasets/ (default mixed-500). */
  dataset?: string;
  mode?: 'page' | 'line';
  cls?: boolean;
  /** Server cache flag for the embedded server: off | memory | redis://host:port (default off). */
  cache?: string;
  seed?: number;
  vus?: number;
  /** Arrivals per second: the open model. */
  rate?: number;
  duration?: Duration;
  stages?: StageInput[];
  /** Closed model: pause between a user's requests. */
  thinkTime?: Duration | [Duration, Duration];
  /** Slice at the start of each stage excluded from statistics (default 10% of it, at most 15 s). */
  warmup?: Duration;
  /** Closed model: linear ramp of users at each stage start (default 0). */
  ramp?: Duration;
  /** Open model: inter-arrival times constant or exponential (Poisson process; default poisson). */
  arrival?: 'constant' | 'poisson';
  /** Open model: arrivals beyond this many outstanding requests are dropped and counted (default 256). */
  maxInFlight?: number;
  /** Open model: HTTP connections; arrivals wait in the harness for a free one (default 64). */
  connections?: number;
  /** Draw requests from this many distinct samples (the cache scenario repeats a small pool). */
  samplePool?: number;
  requestTimeout?: Duration;
  /** Passed through to the gate: metric name to k6-style expressions, e.g. { http_req_duration: ['p(95)<2000'] }. */
  thresholds?: Record<string, string[]>;
  /** Service-level objective judged per phase, e.g. 'p95<1200,errors<1%'; the summary leads with the capacity at it. */
  slo?: string;
}

export interface StageInput {
  duration: Duration;
  vus?: number;
  rate?: number;
  name?: string;
  thinkTime?: Duration | [Duration, Duration];
  warmup?: Duration;
  ramp?: Duration;
}

/** Identity helper so scenario files get type checking and completion. */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
