/**
 * Where the CI gate's block-to-block noise comes from: CPU per image of the gate's light pass, measured
 * (1) in one server process, pass after pass; (2) in fresh server processes, two passes each; (3) in two
 * servers alive at once, requests alternating between them image by image (an A/A pair per pass that
 * shares the machine's moment at the scale of one request).
 *
 *   node --import tsx research/gate-noise/noise.ts [--passes N] [--starts N]
 *
 * Prints one JSON line per pass and a summary line per part; nothing is judged.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runBaseline } from '../../harness/bench/baseline-pass.ts';
import { startServer, type StartedServer } from '../../harness/bench/start-server.ts';
import { GATE_DEFAULTS, gateImages } from '../../harness/gate/ab-gate.ts';
import { treeCpuSeconds } from '../../harness/gate/ab-block.ts';
import { createMultipartTarget, type PreparedRequest } from '../../harness/load/target.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { passes: { type: 'string', default: '8' }, starts: { type: 'string', default: '5' } } });
const passes = Number(values.passes);
const starts = Number(values.starts);
const stop = new AbortController().signal;
const imgs = await gateImages(root, GATE_DEFAULTS);

const start = (name: string) =>
  startServer({ command: [process.execPath, path.join(root, 'dist/server/main.js')], cwd: root, args: ['--cache', 'off', '--log-level', 'warn'], logPath: path.join(root, 'reports/gate-noise', `${name}.log`), nice: 0, signal: stop });

function requestsFor(server: StartedServer) {
  const target = createMultipartTarget({ url: `${server.url}/api/ocr`, query: { mode: 'page', cls: 'true' } });
  const requests = new Map<string, PreparedRequest>();
  for (const [id, bytes] of imgs.images.bytes) requests.set(id, target.prepare(id, bytes, imgs.images.labels.get(id)!.file));
  return { target, requests };
}

/** One light pass; CPU seconds per image of the server tree. */
async function pass(server: StartedServer, ids: string[]): Promise<number> {
  const { target, requests } = requestsFor(server);
  const c0 = await treeCpuSeconds(server.pid);
  await runBaseline(target, requests, ids, () => performance.now(), 60_000, stop);
  return ((await treeCpuSeconds(server.pid)) - c0) / ids.length;
}

const sd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean: m, cv: Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)) / m };
};
const warm = async (s: StartedServer) => {
  const { target, requests } = requestsFor(s);
  await runBaseline(target, requests, imgs.warmIds, () => performance.now(), 60_000, stop);
};

// (1) One process, pass after pass.
{
  const s = await start('one-process');
  await warm(s);
  const xs: number[] = [];
  for (let i = 0; i < passes; i++) xs.push(await pass(s, imgs.lightIds)), console.log(JSON.stringify({ part: 'one-process', pass: i, cpuMs: +(xs.at(-1)! * 1000).toFixed(1) }));
  await s.stop();
  console.log(JSON.stringify({ part: 'one-process', ...sd(xs) }));
}
// (2) Fresh processes, two passes each.
{
  const firsts: number[] = [];
  const all: number[] = [];
  for (let k = 0; k < starts; k++) {
    const s = await start(`fresh-${k}`);
    await warm(s);
    const a = await pass(s, imgs.lightIds);
    const b = await pass(s, imgs.lightIds);
    await s.stop();
    firsts.push(a);
    all.push(a, b);
    console.log(JSON.stringify({ part: 'fresh', start: k, cpuMs: [+(a * 1000).toFixed(1), +(b * 1000).toFixed(1)] }));
  }
  console.log(JSON.stringify({ part: 'fresh: first pass of each process', ...sd(firsts) }));
}
// (3) Two servers at once, requests alternating image by image: the A/A ratio per pass.
{
  const [a, b] = [await start('pair-a'), await start('pair-b')];
  await warm(a);
  await warm(b);
  const ratios: number[] = [];
  for (let i = 0; i < passes; i++) {
    const [ra, rb] = [requestsFor(a), requestsFor(b)];
    const [a0, b0] = [await treeCpuSeconds(a.pid), await treeCpuSeconds(b.pid)];
    for (const [k, id] of imgs.lightIds.entries()) {
      // ABBA within the pass, image by image.
      const order = k % 2 === 0 ? [[a, ra], [b, rb]] as const : [[b, rb], [a, ra]] as const;
      for (const [, r] of order) await runBaseline(r.target, r.requests, [id], () => performance.now(), 60_000, stop);
    }
    const ca = (await treeCpuSeconds(a.pid)) - a0;
    const cb = (await treeCpuSeconds(b.pid)) - b0;
    ratios.push(cb / ca);
    console.log(JSON.stringify({ part: 'pair', pass: i, aMs: +((ca / imgs.lightIds.length) * 1000).toFixed(1), bMs: +((cb / imgs.lightIds.length) * 1000).toFixed(1), ratio: +(cb / ca).toFixed(4) }));
  }
  await a.stop();
  await b.stop();
  console.log(JSON.stringify({ part: 'pair: b/a per pass', ...sd(ratios) }));
}
