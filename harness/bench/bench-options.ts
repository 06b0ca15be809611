import type { BodyKind } from '../load/target.ts';
import type { EffectiveScenario, RunResults } from '../results/schema.ts';
import type { SelfCheckLimits } from './validity.ts';

export type BenchTarget =
  | { kind: 'embedded'; serverArgs: string[]; command?: string[]; nice?: number }
  | {
      kind: 'url';
      url: string;
      field: string;
      textPath: string;
      linesPath: string | null;
      body?: BodyKind;
      /** `-H 'Name: value'`: sent with every request, written nowhere. */
      headers?: Record<string, string>;
      /** `--query k=v`: added to the URL. */
      query?: Record<string, string>;
    };

export interface BenchOptions {
  root: string;
  scenario: EffectiveScenario;
  runId: string;
  outDir: string;
  target: BenchTarget;
  /** Single-user accuracy pass before the load: this many distinct samples (0 skips it). */
  baselineSamples: number;
  seeds: RunResults['seeds'];
  /** Ctrl-C: stop the load, keep what was measured. */
  stop: AbortSignal;
  /** The command line as given; header values in it are redacted before it is written. */
  command: string[];
  write: (text: string) => void;
  isTTY?: boolean;
  /** `--metrics` URLs, one per replica; none: the target's own /metrics when it answers. */
  metrics?: string[];
  /** Self-check limits changed from the defaults (--loop-delay-limit). */
  selfCheck?: Partial<SelfCheckLimits>;
}
