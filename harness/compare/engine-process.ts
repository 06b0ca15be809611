/**
 * One measuring process: loads one engine for one read mode, then reads the files it is sent, one at a
 * time, timing each. Driven over IPC by run-engine.ts; one engine per process so each has its own
 * cores' worth of threads, its own peak RSS, and cannot disturb the next engine's figures.
 */
import { readFile } from 'node:fs/promises';
import type { EngineAdapter, LoadRequest } from './engines/engine-types.ts';
import { engineModule } from './engines/registry.ts';

/** `minMs`: after reading every file once, go round them again until this long has passed (speed only). */
export type ToChild = { type: 'load'; req: LoadRequest } | { type: 'run'; files: string[]; minMs?: number } | { type: 'close' };
export interface ItemResult {
  ms: number;
  lines: string[];
  error: string | null;
}
/** A reading after the first round: its time and whether it failed, no text (accuracy is the first round's). */
export type RepeatResult = Pick<ItemResult, 'ms' | 'error'>;
export type FromChild =
  | { type: 'loaded'; loadMs: number }
  | { type: 'ran'; items: ItemResult[]; repeats: RepeatResult[]; wallMs: number }
  | { type: 'closed'; peakRssBytes: number; externalPeakRssBytes: number | null }
  | { type: 'error'; message: string };

const send = (m: FromChild) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
let engine: EngineAdapter | undefined;

async function handle(m: ToChild): Promise<void> {
  if (m.type === 'load') {
    const t0 = performance.now();
    engine = await (await engineModule(m.req.engine)).load(m.req);
    return send({ type: 'loaded', loadMs: performance.now() - t0 });
  }
  if (m.type === 'run') {
    // Bytes are read before the clock starts: the figures are the engine's, not the disk's.
    const images = await Promise.all(m.files.map((f) => readFile(f)));
    const items: ItemResult[] = [];
    const repeats: RepeatResult[] = [];
    const start = performance.now();
    const read = async (i: number): Promise<ItemResult> => {
      const t = performance.now();
      try {
        const lines = await engine!.read(images[i], m.files[i]);
        return { ms: performance.now() - t, lines, error: null };
      } catch (e) {
        return { ms: performance.now() - t, lines: [], error: (e as Error).message || String(e) };
      }
    };
    for (let i = 0; i < images.length; i++) items.push(await read(i));
    // A pass shorter than a few seconds measures the machine's moment more than the engine: go round
    // again, image by image, until minMs has passed (each process stops within one image of the others).
    for (let i = 0; images.length && performance.now() - start < (m.minMs ?? 0); i = (i + 1) % images.length) {
      const { ms, error } = await read(i);
      repeats.push({ ms, error });
    }
    return send({ type: 'ran', items, repeats, wallMs: performance.now() - start });
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
