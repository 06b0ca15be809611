import { Pool } from 'undici';
import { createMultipartTarget } from '../../load/target.ts';
import { interpretOutcome, dispatchRequest } from '../../load/send-request.ts';
import type { EngineAdapter, LoadRequest } from './engine-types.ts';

/**
 * An OCR service over HTTP through the harness's own target adapter (multipart POST, JSON answer with
 * `text` and `lines[].text`). `mode` goes in the query, which our server reads; another service ignores it.
 */
export async function load({ url, mode }: LoadRequest): Promise<EngineAdapter> {
  if (!url) throw new Error('the http engine needs a URL');
  const target = createMultipartTarget({ url, query: { mode } });
  // One connection: this process sends one image at a time, like every other engine's process.
  const client = new Pool(target.origin, { connections: 1 });
  const start = performance.now();
  return {
    async read(image, file) {
      const req = target.prepare(file, image, file);
      const out = interpretOutcome(target, await dispatchRequest(client, target, req, { now: () => performance.now() - start, timeoutMs: 120_000 }));
      if (out.errorKind) throw new Error(`HTTP ${out.status} ${out.errorKind}`);
      return (out.lines ?? []).filter((l) => l.length > 0);
    },
    close: () => client.close(),
  };
}
