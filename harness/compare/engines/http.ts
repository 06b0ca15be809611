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
  // Each file is read twice (the untimed pass, then the timed one): its body is encoded once, so the
  // timed pass's client work is the send alone, as in the load harness (target.prepare's contract).
  const prepared = new Map<string, ReturnType<typeof target.prepare>>();
  return {
    async read(image, file) {
      let req = prepared.get(file);
      if (!req) prepared.set(file, (req = target.prepare(file, image, file)));
      const out = interpretOutcome(target, await dispatchRequest(client, target, req, { now: () => performance.now() - start, timeoutMs: 120_000 }));
      if (out.errorKind) throw new Error(`HTTP ${out.status} ${out.errorKind}`);
      return (out.lines ?? []).filter((l) => l.length > 0);
    },
    close: () => client.close(),
  };
}
