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
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runBaseline } from '../../harness/bench/baseline-pass.ts';
import { startServer, type StartedServer } from '../../harness/bench/start-server.ts';
import { GATE_DEFAULTS, gateImages } from '../../harness/gate/ab-gate.ts';
import { treeCpuSeconds } from '../../harness/gate/ab-block.ts';
import { createMultipartTarget, type PreparedRequest } from '../../harness/load/target.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { passes: { type: 'string', default: '8' }, starts: { type: 'string', default: '5' }, parts: { type: 'string', default: '1,2,3' } } });
const parts = new Set(values.parts.split(',').map(Number));
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
if (parts.has(1)) {
  const s = await start('one-process');
  await warm(s);
  const xs: number[] = [];
  for (let i = 0; i < passes; i++) xs.push(await pass(s, imgs.lightIds)), console.log(JSON.stringify({ part: 'one-process', pass: i, cpuMs: +(xs.at(-1)! * 1000).toFixed(1) }));
  await s.stop();
  console.log(JSON.stringify({ part: 'one-process', ...sd(xs) }));
}
// (2) Fresh processes, two passes each.
if (parts.has(2)) {
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
if (parts.has(3)) {
  const [a, b] = [await start('pair-a'), await start('pair-b')];
  await warm(a);
  await warm(b);
  const ratios: number[] = [];
  for (let i = 0; i < passes; i++) ratios.push(await pairPass(a, b, 'pair', i));
  await a.stop();
  await b.stop();
  console.log(JSON.stringify({ part: 'pair: b/a per pass', ...sd(ratios) }));
}
// (4) Fresh pairs, three interleaved passes each: does a pair's ratio move from start to start (where the
// processes landed), or only in its first pass (each worker's first sight of an image's shapes)?
if (parts.has(4)) {
  const byPass: number[][] = [[], [], []];
  for (let k = 0; k < starts; k++) {
    const [a, b] = [await start(`fresh-pair-a${k}`), await start(`fresh-pair-b${k}`)];
    await warm(a);
    await warm(b);
    for (let i = 0; i < 3; i++) byPass[i].push(await pairPass(a, b, `fresh-pair ${k}`, i));
    await a.stop();
    await b.stop();
  }
  byPass.forEach((xs, i) => console.log(JSON.stringify({ part: `fresh pairs: b/a of pass ${i + 1} across starts`, ...sd(xs) })));
  console.log(JSON.stringify({ part: 'fresh pairs: b/a of passes 2-3 pooled across starts', ...sd(byPass[1].map((x, k) => Math.sqrt(x * byPass[2][k]))) }));
}

// (5) Fresh pairs, per-request CPU: is a pass's noise spread over every image, or a few images' bursts?
if (parts.has(5)) {
  const perImage: number[] = [];
  for (let k = 0; k < starts; k++) {
    const [a, b] = [await start(`img-pair-a${k}`), await start(`img-pair-b${k}`)];
    await warm(a);
    await warm(b);
    const [ra, rb] = [requestsFor(a), requestsFor(b)];
    for (let i = 0; i < 3; i++) {
      const row: number[] = [];
      let [sa, sb] = [0, 0];
      for (const [j, id] of imgs.lightIds.entries()) {
        const cpu: Record<string, number> = {};
        for (const [name, s, r] of j % 2 === 0 ? [['a', a, ra], ['b', b, rb]] as const : [['b', b, rb], ['a', a, ra]] as const) {
          const c0 = await treeCpuSeconds(s.pid);
          await runBaseline(r.target, r.requests, [id], () => performance.now(), 60_000, stop);
          cpu[name] = (await treeCpuSeconds(s.pid)) - c0;
        }
        sa += cpu.a;
        sb += cpu.b;
        row.push(Math.log(cpu.b / cpu.a));
      }
      perImage.push(...row);
      const sorted = [...row].sort((x, y) => x - y);
      const trimmed = sorted.slice(2, -2);
      console.log(JSON.stringify({ part: `img-pair ${k}`, pass: i, ratio: +(sb / sa).toFixed(4), medianImg: +Math.exp(sorted[5] / 2 + sorted[6] / 2).toFixed(4), trimmedMean: +Math.exp(trimmed.reduce((x, y) => x + y, 0) / trimmed.length).toFixed(4), logRatios: row.map((x) => +x.toFixed(3)) }));
    }
    await a.stop();
    await b.stop();
  }
}

// (6) As (4), with both servers' threads pinned to one core during the light passes and this process to the
// other: does a pass's shift come from the two cores' speed differing (each server's worker on its own core)?
if (parts.has(6)) {
  const byPass: number[][] = [[], [], []];
  const pin = (pid: number, cpus: string) => execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  pin(process.pid, '1');
  for (let k = 0; k < starts; k++) {
    const [a, b] = [await start(`pinned-pair-a${k}`), await start(`pinned-pair-b${k}`)];
    await warm(a);
    await warm(b);
    pin(a.pid, '0');
    pin(b.pid, '0');
    for (let i = 0; i < 3; i++) byPass[i].push(await pairPass(a, b, `pinned-pair ${k}`, i));
    await a.stop();
    await b.stop();
  }
  pin(process.pid, '0-1');
  byPass.forEach((xs, i) => console.log(JSON.stringify({ part: `pinned pairs: b/a of pass ${i + 1} across starts`, ...sd(xs) })));
  console.log(JSON.stringify({ part: 'pinned pairs: all passes', ...sd(byPass.flat()) }));
}

/** One light pass on two servers, requests alternating image by image (ABBA); b/a of CPU. */
async function pairPass(a: StartedServer, b: StartedServer, part: string, i: number): Promise<number> {
  const [ra, rb] = [requestsFor(a), requestsFor(b)];
  const [a0, b0] = [await treeCpuSeconds(a.pid), await treeCpuSeconds(b.pid)];
  for (const [k, id] of imgs.lightIds.entries()) {
    const order = k % 2 === 0 ? [ra, rb] : [rb, ra];
    for (const r of order) await runBaseline(r.target, r.requests, [id], () => performance.now(), 60_000, stop);
  }
  const ca = (await treeCpuSeconds(a.pid)) - a0;
  const cb = (await treeCpuSeconds(b.pid)) - b0;
  console.log(JSON.stringify({ part, pass: i, aMs: +((ca / imgs.lightIds.length) * 1000).toFixed(1), bMs: +((cb / imgs.lightIds.length) * 1000).toFixed(1), ratio: +(cb / ca).toFixed(4) }));
  return cb / ca;
}
