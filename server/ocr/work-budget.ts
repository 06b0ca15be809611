import { OcrError } from './errors.ts';

/**
 * What one request may spend, counted in units that do not depend on the machine: pixels through the
 * detector and frames through the recognizer. Cost grows with those, not with the bytes a client sends
 * (a few hundred bytes of PNG can be a 10000-pixel-wide line), so they are what a budget must bound.
 * Limits and flags: docs/guides/server-limits.md.
 */
export interface WorkBudget {
  /** Detector input pixels summed over every detector run of the request (orientation may run it again). */
  maxDetPixels: number;
  /** Recognizer output frames summed over every line, window and second reading of the request. */
  maxRecFrames: number;
  /** Frames of one line; a wider line is refused (line_too_long), in both modes. */
  maxLineFrames: number;
}

/** Something that can say the request's answer is no longer wanted (an AbortSignal, or the worker's shared flag). */
export interface StopSignal {
  readonly aborted: boolean;
}

export interface WorkMeter {
  /** Throws work_abandoned when the request's answer is no longer wanted; called between stages, lines and windows. */
  check(): void;
  /** Counts a detector run of `pixels` input pixels before it runs. */
  detect(pixels: number): void;
  /** Counts lines of the given frame counts before they are read. */
  recognize(frames: readonly number[]): void;
  readonly spent: { detPixels: number; recFrames: number };
}

export function createWorkMeter(budget: WorkBudget, stop?: StopSignal): WorkMeter {
  const spent = { detPixels: 0, recFrames: 0 };
  const check = () => {
    if (stop?.aborted) throw new OcrError('work_abandoned', 'the work was stopped: its answer is no longer wanted');
  };
  return {
    check,
    detect(pixels) {
      check();
      spent.detPixels += pixels;
      if (spent.detPixels > budget.maxDetPixels) {
        throw new OcrError('work_budget_exceeded', `the request needs more than ${budget.maxDetPixels} detector pixels (--max-det-pixels)`);
      }
    },
    recognize(frames) {
      check();
      for (const f of frames) {
        if (f > budget.maxLineFrames) {
          throw new OcrError('line_too_long', `a line needs ${f} recognizer frames, over the limit of ${budget.maxLineFrames} (--max-line-frames); send it in shorter pieces`);
        }
        spent.recFrames += f;
      }
      if (spent.recFrames > budget.maxRecFrames) {
        throw new OcrError('work_budget_exceeded', `the request needs more than ${budget.maxRecFrames} recognizer frames (--max-rec-frames)`);
      }
    },
    spent,
  };
}
