import { readFileSync } from 'node:fs';

/**
 * Injected regressions for calibrating the CI gate (`npm run gate -- --calibrate`): the workers spin for
 * `pct`% of the CPU the server process spent on requests, so the gate can be shown a known +2/+5/+10% CPU
 * per image and be scored on catching it. Off (0) unless the server was started with
 * --calibration-burn-pct and OCR_GATE_CALIBRATION=1 (load-config refuses the flag otherwise).
 *
 * The share is of the whole process's CPU (every thread: the workers' inference, sharp's decoding on
 * libuv's pool, the main thread's HTTP), which is what the gate measures; a worker thread's own CPU is
 * most but not all of it, so burning a share of that injected less than the label said. The workers
 * settle one debt in a shared ledger (a SharedArrayBuffer from the main thread): at each request's end a
 * worker burns pct% of the process CPU used since the last settlement by anyone, burns excluded.
 */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return performance.now();
  }
}

/** Process CPU (user + system, every thread) in microseconds. */
const processCpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** The shared ledger: [process CPU settled so far excluding burns, CPU burned so far], microseconds. */
export function createBurnLedger(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT);
}

/** Spins this thread for `ms` of its own CPU time; returns the CPU ms spent. */
function spin(ms: number): number {
  let sink = 0;
  const start = threadCpuMs();
  while (threadCpuMs() - start < ms) for (let i = 0; i < 20_000; i++) sink += Math.sqrt(i + sink);
  // Read so the loop cannot be optimised away.
  return sink < 0 ? -1 : threadCpuMs() - start;
}

/** A burner; `settle()` after each request burns the share owed and returns the ms burned. */
export function createCpuBurner(pct: number, ledger: SharedArrayBuffer = createBurnLedger()): { settle(): number } {
  const book = new BigInt64Array(ledger);
  return {
    settle() {
      if (!(pct > 0)) return 0;
      const work = BigInt(processCpuUs()) - Atomics.load(book, 1);
      let prev = Atomics.load(book, 0);
      // The first settlement only opens the books: the CPU before it (loading, warm-up) is no request's.
      if (prev === 0n) {
        Atomics.compareExchange(book, 0, 0n, work);
        return 0;
      }
      let owedUs = 0n;
      while (work > prev) {
        const seen = Atomics.compareExchange(book, 0, prev, work);
        if (seen === prev) {
          owedUs = work - prev;
          break;
        }
        prev = seen;
      }
      if (owedUs <= 0n) return 0;
      const spent = spin((Number(owedUs) / 1000) * (pct / 100));
      Atomics.add(book, 1, BigInt(Math.round(spent * 1000)));
      return spent;
    },
  };
}
