/**
 * One measuring process: loads one engine for one read mode, then reads the files it is sent, one at a
 * time, timing each. Driven over IPC by run-engine.ts; one engine per process so each has its own
 * cores' worth of threads, its own peak RSS, and cannot disturb the next engine's figures.
 */
import { readFile } from 'node:fs/promises';
import type { EngineAdapter, LoadRequest } from './engines/engine-types.ts';
import { engineModule } from './engines/registry.ts';

/**
 * `warm`: read the files into memory and each once, untimed. `slice`: go on reading from where the last
 * slice stopped, round and round the files, until `ms` has passed (at least one image), so a timed pass
 * can be cut into slices that take turns with other engines' (run-compare.ts).
 */
export type ToChild = { type: 'load'; req: LoadRequest } | { type: 'warm'; files: string[] } | { type: 'slice'; ms: number } | { type: 'close' };
export interface ItemResult {
  ms: number;
  lines: string[];
  error: string | null;
}
/** A reading after the first of its image: its time and whether it failed, no text (accuracy is the first's). */
export type RepeatResult = Pick<ItemResult, 'ms' | 'error'>;
export type FromChild =
  | { type: 'loaded'; loadMs: number }
  | { type: 'warmed' }
  /** `firsts`: first readings, by index in the files sent; `covered`: every file has had its first. */
  | { type: 'sliced'; firsts: { index: number; item: ItemResult }[]; repeats: RepeatResult[]; wallMs: number; covered: boolean }
  | { type: 'closed'; peakRssBytes: number; externalPeakRssBytes: number | null }
  | { type: 'error'; message: string };

const send = (m: FromChild) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
let engine: EngineAdapter | undefined;
let files: string[] = [];
let images: Buffer[] = [];
let seen: boolean[] = [];
let cursor = 0;

async function read(i: number): Promise<ItemResult> {
  const t = performance.now();
  try {
    const lines = await engine!.read(images[i], files[i]);
    return { ms: performance.now() - t, lines, error: null };
  } catch (e) {
    return { ms: performance.now() - t, lines: [], error: (e as Error).message || String(e) };
  }
}

async function handle(m: ToChild): Promise<void> {
  if (m.type === 'load') {
    const t0 = performance.now();
    engine = await (await engineModule(m.req.engine)).load(m.req);
    return send({ type: 'loaded', loadMs: performance.now() - t0 });
  }
  if (m.type === 'warm') {
    // Bytes are read before any clock starts: the figures are the engine's, not the disk's.
    files = m.files;
    images = await Promise.all(files.map((f) => readFile(f)));
    for (let i = 0; i < images.length; i++) await read(i);
    seen = images.map(() => false);
    cursor = 0;
    return send({ type: 'warmed' });
  }
  if (m.type === 'slice') {
    const firsts: { index: number; item: ItemResult }[] = [];
    const repeats: RepeatResult[] = [];
    const start = performance.now();
    while (images.length) {
      const i = cursor;
      const item = await read(i);
      if (seen[i]) repeats.push({ ms: item.ms, error: item.error });
      else firsts.push({ index: i, item });
      seen[i] = true;
      cursor = (cursor + 1) % images.length;
      if (performance.now() - start >= m.ms) break;
    }
    return send({ type: 'sliced', firsts, repeats, wallMs: performance.now() - start, covered: seen.every(Boolean) });
  }
  const external = (await engine?.externalPeakRssBytes?.()) ?? null;
  await engine?.close();
  await send({ type: 'closed', peakRssBytes: process.resourceUsage().maxRSS * 1024, externalPeakRssBytes: external });
  process.exit(0);
}

// The driver is gone (stopped, crashed): nobody will read our figures or close the engine.
process.on('disconnect', () => process.exit(1));
process.on('message', (m: ToChild) => {
  handle(m).catch(async (e: Error) => {
    await send({ type: 'error', message: e.stack ?? e.message });
    process.exit(1);
  });
});
