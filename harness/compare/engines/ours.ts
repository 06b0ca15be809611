import { createEngine } from '../../../server/ocr/engine.ts';
import type { ProfileName } from '../../../server/ocr/profiles.ts';
import type { EngineAdapter, LoadRequest } from './engine-types.ts';

/** Our engine in-process at one profile (server/ocr/profiles.ts), as `npm run eval` and the server's workers create it: one intra-op thread. */
export async function loadProfile(profile: ProfileName, { mode }: LoadRequest): Promise<EngineAdapter> {
  const engine = await createEngine({ profile, threads: 1 });
  return {
    async read(image) {
      // cls left to the profile's default (ENGINE_DEFAULTS: on; fast: off).
      return (await engine.recognize(image, { mode })).lines.map((l) => l.text);
    },
    close: () => engine.close(),
  };
}

/** The server's default profile, `accurate`. */
export const load = (req: LoadRequest) => loadProfile('accurate', req);
