/**
 * One measuring process: loads one engine for one read mode, then reads the files it is sent, one at a
 * time, timing each. Driven over IPC by run-engine.ts; one engine per process so each has its own
 * cores' worth of threads, its own peak RSS, and cannot disturb the next engine's figures.
 */
import { readFile } from 'node:fs/promises';
import type { EngineAdapter, LoadRequest } from './engines/engine-types.ts';
import { engineModule } from './engines/registry.ts';

export type ToChild = { type: 'load'; req: LoadRequest } | { type: 'run'; files: string[] } | { type: 'close' };
export interface ItemResult {
  ms: number;
  lines: string[];
  error: string | null;
}
export type FromChild =
  | { type: 'loaded'; loadMs: number }
  | { type: 'ran'; items: ItemResult[]; wallMs: number }
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
    const start = performance.now();
    for (let i = 0; i < images.length; i++) {
      const t = performance.now();
      try {
        const lines = await engine!.read(images[i], m.files[i]);
        items.push({ ms: performance.now() - t, lines, error: null });
      } catch (e) {
        items.push({ ms: performance.now() - t, lines: [], error: (e as Error).message || String(e) });
      }
    }
    return send({ type: 'ran', items, wallMs: performance.now() - start });
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
