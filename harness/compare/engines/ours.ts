import { createEngine } from '../../../server/ocr/engine.ts';
import type { EngineAdapter, LoadRequest } from './engine-types.ts';

/** Our engine in-process, as `npm run eval` and the server's workers create it: one intra-op thread. */
export async function load({ mode }: LoadRequest): Promise<EngineAdapter> {
  const engine = await createEngine({ threads: 1 });
  return {
    async read(image) {
      // cls left to the engine's default: on in line mode, off in page mode (ENGINE_DEFAULTS).
      return (await engine.recognize(image, { mode })).lines.map((l) => l.text);
    },
    close: () => engine.close(),
  };
}
