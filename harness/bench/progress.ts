import type { TimedPhase } from '../load/load-context.ts';
import type { RequestRecord } from '../load/request-record.ts';
import { formatProgress } from './summary.ts';

/**
 * Live progress: subscribes to records and phase changes and prints one line per phase (rewritten
 * in place on a terminal, a new line every 5 s otherwise). It only listens; the run does not wait on it.
 */
export function createProgress(phaseCount: number, now: () => number, write: (text: string) => void, isTTY: boolean, serverCpu: () => number | null, inFlight: { count: number }) {
  let phase: TimedPhase | null = null;
  let done: number[] = [];
  let recent: number[] = [];
  let requests = 0;
  let errors = 0;
  let lastPrint = 0;

  const line = () => {
    if (!phase) return '';
    const t = now();
    done = done.filter((d) => d > t - 5000);
    const window = Math.min(5000, Math.max(1, t - phase.startMs));
    const sorted = [...recent].sort((a, b) => a - b);
    return formatProgress({
      phase: phase.name,
      index: phase.index,
      phases: phaseCount,
      load: phase.model === 'open' ? `${phase.rate}/s` : `${phase.vus} users`,
      elapsedS: (t - phase.startMs) / 1000,
      durationS: phase.durationMs / 1000,
      qps: (done.length / window) * 1000,
      p95: sorted.length >= 20 ? sorted[Math.ceil(sorted.length * 0.95) - 1] : null,
      errors,
      requests,
      serverCpu: serverCpu(),
      inFlight: inFlight.count,
    });
  };
  const print = (final = false) => {
    const text = line();
    if (!text) return;
    if (isTTY) write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
    else if (final || now() - lastPrint >= 5000) (write(`${text}\n`), (lastPrint = now()));
  };
  const timer = setInterval(() => print(), 1000);
  timer.unref();
  return {
    onPhase(p: TimedPhase) {
      print(true);
      phase = p;
      done = [];
      recent = [];
      requests = errors = 0;
      lastPrint = now();
    },
    onRecord(r: RequestRecord) {
      if (r.phase !== phase?.name) return;
      requests++;
      if (r.errorKind !== null) errors++;
      if (r.doneAt !== null) done.push(r.doneAt);
      if (r.errorKind === null && r.sentAt !== null && r.doneAt !== null) {
        recent.push(r.doneAt - r.sentAt);
        if (recent.length > 200) recent.shift();
      }
    },
    stop() {
      clearInterval(timer);
      print(true);
    },
  };
}
