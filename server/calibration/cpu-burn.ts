import { readFileSync } from 'node:fs';

/**
 * Injected regressions for calibrating the CI gate (`npm run gate -- --calibrate`): the worker spins for
 * `pct`% of the CPU time its thread spent on requests, so the gate can be shown a known +2/+5/+10% CPU
 * change and be scored on catching it. Off (0) unless the server was started with --calibration-burn-pct
 * and OCR_GATE_CALIBRATION=1 (load-config refuses the flag otherwise).
 *
 * The CPU is the worker thread's own, from /proc/thread-self/schedstat (nanoseconds on the CPU):
 * onnxruntime runs its sessions on the calling thread (one intra-op thread), so this is the inference and
 * the JS around it; sharp's decoding on libuv's pool is not counted. A worker holds two requests at once,
 * whose CPU interleaves on the thread, so the debt is settled per thread, not per request: at each
 * request's end the thread burns pct% of what it used since the last settlement. Outside Linux: wall time.
 */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return performance.now();
  }
}

/** A per-thread burner; `settle()` after each request burns the share owed and returns the ms burned. */
export function createCpuBurner(pct: number): { settle(): number } {
  let mark = pct > 0 ? threadCpuMs() : 0;
  let sink = 0;
  return {
    settle() {
      if (!(pct > 0)) return 0;
      const start = threadCpuMs();
      const goal = ((start - mark) * pct) / 100;
      while (threadCpuMs() - start < goal) for (let i = 0; i < 20_000; i++) sink += Math.sqrt(i + sink);
      mark = threadCpuMs();
      // Read so the loop cannot be optimised away.
      return sink < 0 ? -1 : mark - start;
    },
  };
}
