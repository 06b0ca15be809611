/**
 * Cold start and the first large request, variants interleaved so machine load hits each alike:
 *   tsx research/engine-bench/cold-start.ts --rounds 5 --variant 'built=node dist/server/main.js' --variant 'tsx=node --import tsx server/main.ts'
 * Each round starts every variant in turn (cwd per variant with `name@dir=command`), measures spawn → first
 * 200 from /readyz (polled every 20 ms) and the server's CPU ms until then, then posts a 1280×720 page twice (first and second request, with
 * their Server-Timing detect), stops it, and prints one JSON line per variant: median, min and max of each.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../../harness/bench/start-server.ts';

const { values: a } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    variant: { type: 'string', multiple: true, default: [] },
    image: { type: 'string', default: fileURLToPath(new URL('../../datasets/real-public/pages/chocr_train-demo.jpg', import.meta.url)) },
    args: { type: 'string', default: '--cache off' },
  },
});
const image = readFileSync(a.image!);
const variants = a.variant!.map((v) => {
  const eq = v.indexOf('=');
  const [name, cwd] = v.slice(0, eq).split('@');
  return { name, cwd: cwd ?? process.cwd(), command: v.slice(eq + 1).split(' ') };
});
/** utime + stime of a process (all its threads) in ms, from /proc (Linux; 100 clock ticks a second). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: string): Promise<{ ms: number; detect: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/ocr?detail=text`, { method: 'POST', body: image, headers: { 'content-type': 'image/jpeg' } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  const detect = Number(/detect;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);
  return { ms: performance.now() - t0, detect };
}

async function once(v: (typeof variants)[number]) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(v.command[0], [...v.command.slice(1), '--host', '127.0.0.1', '--port', String(port), ...a.args!.split(' ')], { cwd: v.cwd, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  let cold = NaN;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${v.name} exited ${child.exitCode}`);
      const ok = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      await sleep(20);
    }
    cold = performance.now() - t0;
    // CPU the server spent to get ready (every thread): other load on the machine hardly changes it.
    const readyCpu = cpuMs(child.pid!);
    const first = await post(url);
    const second = await post(url);
    return { cold, readyCpu, first: first.ms, firstDetect: first.detect, second: second.ms, secondDetect: second.detect };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(0) : child.once('exit', r)));
  }
}

const results = new Map<string, Record<string, number>[]>(variants.map((v) => [v.name, []]));
for (let r = 0; r < Number(a.rounds); r++) for (const v of variants) results.get(v.name)!.push(await once(v));
const stat = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return { median: Math.round(s[Math.floor(s.length / 2)]), min: Math.round(s[0]), max: Math.round(s[s.length - 1]) };
};
for (const [name, rs] of results) {
  const keys = Object.keys(rs[0]);
  console.log(JSON.stringify({ variant: name, rounds: rs.length, ...Object.fromEntries(keys.map((k) => [k, stat(rs.map((x) => x[k]))])) }));
}
