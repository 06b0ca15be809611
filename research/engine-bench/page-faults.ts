/**
 * What fresh memory costs on this machine: a buffer of --mb MiB is allocated and one byte of every 4 KiB page
 * written (each write a minor page fault: the kernel maps and zeroes the page), then written again (no fault),
 * --rounds times, each round a new buffer (--mb x --rounds in all). The cold start's CPU is largely this on some virtual machines
 * (a worker's detector warm-up alone touches ~270 MB) and little of it elsewhere, so a cold start measured on
 * two machines compares only with this beside it (docs/results/2026-12-07-floors.md).
 *
 *   node --import tsx research/engine-bench/page-faults.ts [--mb 256] [--rounds 3]
 *
 * Prints one JSON line per round: µs per page for the first and the second touch, and the faults the first
 * one took (process.resourceUsage), so a machine where a page is not faulted one at a time shows as such.
 */
import { parseArgs } from 'node:util';

const PAGE = 4096;

const { values } = parseArgs({ options: { mb: { type: 'string', default: '256' }, rounds: { type: 'string', default: '3' } } });
const mb = Number(values.mb);
const rounds = Number(values.rounds);
if (!Number.isInteger(mb) || mb < 1 || mb > 4096 || !Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write('page-faults: --mb must be a whole number 1-4096 and --rounds a whole number ≥ 1\n');
  process.exit(2);
}

function touch(buf: Uint8Array, value: number): number {
  const t0 = performance.now();
  for (let i = 0; i < buf.length; i += PAGE) buf[i] = value;
  return performance.now() - t0;
}

const pages = (mb * 1024 * 1024) / PAGE;
for (let r = 0; r < rounds; r++) {
  // Large typed arrays are calloc'ed, i.e. fresh zero pages mapped from the kernel, none touched yet.
  const buf = new Uint8Array(mb * 1024 * 1024);
  const faults0 = process.resourceUsage().minorPageFault;
  const first = touch(buf, 1);
  const faults = process.resourceUsage().minorPageFault - faults0;
  const second = touch(buf, 2);
  console.log(JSON.stringify({ round: r + 1, mb, firstTouchUsPerPage: +((first * 1000) / pages).toFixed(2), secondTouchUsPerPage: +((second * 1000) / pages).toFixed(3), faultsPerPage: +(faults / pages).toFixed(2) }));
}
