/**
 * The least a server can cost over the in-process engine: one process per core (node:cluster), each reading
 * its own requests and running the engine on that same thread, with none of the product's pool, admission,
 * limits, cache, metrics or logs. Not the product: a yardstick for `npm run compare`'s server efficiency
 * (ours-http / ours), run as a URL engine beside them (docs/results/2026-12-07-floors.md):
 *
 *   node --import tsx research/engine-bench/process-per-core.ts --port 20777 --processes 2 &
 *   npm run compare -- --engines ours,ours-http,http://127.0.0.1:20777/api/ocr --reference ours --modes lines --repeat 3
 *
 * POST /api/ocr takes a multipart "image" field or an image/* body and `?mode=line|page`; it answers
 * `{ text, lines: [{ text }] }`. A process listens only once its engine is warm, so GET /readyz answers 200
 * from the first warm one; the primary prints `ready` once every process is.
 */
import cluster from 'node:cluster';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createEngine } from '../../server/ocr/engine.ts';
import { parseMultipart } from '../../server/http/multipart.ts';
import { isProfileName, type ProfileName } from '../../server/ocr/profiles.ts';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '20777' }, processes: { type: 'string', default: '2' }, profile: { type: 'string', default: 'accurate' } },
});
const port = Number(values.port);
const processes = Number(values.processes);
if (!Number.isInteger(port) || port < 1 || port > 65535 || !Number.isInteger(processes) || processes < 1 || !isProfileName(values.profile)) {
  process.stderr.write('process-per-core: --port 1-65535, --processes ≥ 1 and --profile accurate|fast\n');
  process.exit(2);
}
const profile: ProfileName = values.profile;

if (cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < processes; i++) cluster.fork();
  let failed = false;
  cluster.on('message', (_w, msg: 'ready' | { error: string }) => {
    if (msg === 'ready' && ++ready === processes) console.log(`ready: ${processes} processes on http://127.0.0.1:${port}`);
    else if (typeof msg === 'object' && !failed) {
      // Every process meets the same problem (a port in use, the models): say it once.
      failed = true;
      process.stderr.write(`process-per-core: ${msg.error}\n`);
      stop(1);
    }
  });
  const stop = (code: number) => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    process.exit(code);
  };
  // One process gone (it said why on stderr) leaves a yardstick that measures the wrong thing: stop them all.
  cluster.on('exit', (_w, code) => {
    if (code !== 0) stop(1);
  });
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
} else {
  const fail = (what: string, e: unknown): never => {
    process.send?.({ error: `${what}: ${(e as Error)?.message ?? e}` }, () => process.exit(1));
    // Exits once the message is sent; nothing else runs meanwhile.
    return new Promise<never>(() => {}) as never;
  };
  const engine = await createEngine({ profile, threads: 1 }).catch((e) => fail('cannot load the engine', e));
  await engine.warmUpModels();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/readyz') return void res.writeHead(200).end();
    if (req.method !== 'POST' || url.pathname !== '/api/ocr') return void res.writeHead(404).end();
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const type = req.headers['content-type'] ?? '';
      const image = type.startsWith('multipart/form-data') ? (await parseMultipart(body, type)).get('image')?.data : body;
      if (!image?.length) return void res.writeHead(400).end('{"error":"no image"}');
      const mode = url.searchParams.get('mode') === 'line' ? 'line' : 'page';
      const r = await engine.recognize(image, { mode });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: r.text, lines: r.lines.map((l) => ({ text: l.text })) }));
    } catch (e) {
      res.writeHead(500).end(JSON.stringify({ error: (e as Error).message }));
    }
  });
  server.on('error', (e) => fail(`cannot listen on 127.0.0.1:${port}`, e));
  server.listen(port, '127.0.0.1', () => process.send?.('ready'));
}
