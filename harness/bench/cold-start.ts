/**
 * Cold start as the README's users get it: spawn of the start command → first 200 from /readyz (polled
 * every 20 ms), then the first and second large page after ready, so "ready" can be checked to mean warm
 * (docs/decisions/warm-up.md). Variants run interleaved, round by round, so machine load hits each alike.
 *
 *   node --import tsx harness/bench/cold-start.ts --rounds 5
 *   node --import tsx harness/bench/cold-start.ts --rounds 5 --variant 'base@/path/to/other/checkout=npm start --' --variant 'new=npm start --'
 *
 * A variant is `name[@dir]=command`; the server's flags (--host, --port, then --args) are appended to the
 * command, so an npm script needs its `--`. Each start runs in its own process group (npm → sh → node),
 * and the whole group is stopped and gone before the next start. CPU and minor page faults until ready are
 * every process of the group's (Linux /proc), the build check and npm included. Prints one JSON line per
 * variant (median, min, max of each figure) and, with two or more variants, the median ratio of each to the
 * first, round by round.
 *
 * harness/bench/start-server.ts's coldStartMs (what `npm run bench` reports) is the same spawn → /readyz
 * interval for the server it starts (after its own build check, polled every 100 ms).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errorLine, fromCaller, UsageError } from '../../server/cli/convention.ts';
import { EXIT } from '../../server/exit-codes.ts';
import { freePort } from './start-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HELP = `usage: node --import tsx harness/bench/cold-start.ts [--rounds N] [--variant 'name[@dir]=command'] ... [--image FILE] [--args 'FLAGS']
Spawn → /readyz 200 of each variant, interleaved, then the first and second request after ready.
  --rounds N      starts of each variant (default 5)
  --variant V     name[@dir]=command; the server's flags are appended (npm scripts need '--');
                  default 'npm-start=npm start --' in this checkout
  --image FILE    the page posted after ready (default: a 1280x720 real page)
  --args FLAGS    extra server flags (default '--cache off')
`;

interface Variant {
  name: string;
  cwd: string;
  command: string[];
}

function parse(argv: string[]) {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '5' },
      variant: { type: 'string', multiple: true, default: [] },
      image: { type: 'string' },
      args: { type: 'string', default: '--cache off' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (a.help) return undefined;
  const rounds = Number(a.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--rounds must be a whole number ≥ 1, got ${JSON.stringify(a.rounds)}`);
  const specs = a.variant!.length ? a.variant! : ['npm-start=npm start --'];
  const variants: Variant[] = specs.map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--variant must be name[@dir]=command, got ${JSON.stringify(v)}`);
    const [name, dir] = v.slice(0, eq).split('@');
    const command = v.slice(eq + 1).split(' ').filter(Boolean);
    if (!command.length) throw new UsageError(`--variant ${name} has no command`);
    if (command[0] === 'npm' && !command.includes('--')) throw new UsageError(`--variant ${name}: end the npm command with '--' so the server gets --host/--port, not npm`);
    const cwd = dir ? fromCaller(dir) : ROOT;
    if (!existsSync(cwd)) throw new UsageError(`--variant ${name}: no folder ${cwd}`);
    return { name, cwd, command };
  });
  if (new Set(variants.map((v) => v.name)).size !== variants.length) throw new UsageError('two variants have the same name');
  const imagePath = a.image ? fromCaller(a.image) : path.join(ROOT, 'datasets/real-public/pages/chocr_train-demo.jpg');
  if (!existsSync(imagePath)) throw new UsageError(`--image: no file ${imagePath}`);
  return { rounds, variants, image: readFileSync(imagePath), args: a.args!.split(' ').filter(Boolean) };
}

/**
 * CPU (utime + stime, with reaped children's, in ms; 100 ticks a second) and minor page faults (with reaped
 * children's) of every live process in a process group (Linux). The faults are there because fresh memory
 * is much of a start's CPU on some machines and nearly free on others (docs/results/2026-12-07-floors.md):
 * two machines' cold starts compare only with them beside.
 */
function groupUsage(pgid: number): { cpuMs: number; minorFaults: number } {
  let ticks = 0;
  let minorFaults = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // After the command's name: field 3 (state) is f[0], so field k is f[k - 3] (proc(5)).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[2]) !== pgid) continue;
    minorFaults += Number(f[7]) + Number(f[8]);
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return { cpuMs: ticks * 10, minorFaults };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole group (npm does not always pass it on), SIGKILL after 10 s; resolves once every member is gone. */
async function stopGroup(pgid: number): Promise<void> {
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = performance.now() + 10_000;
  while (groupAlive(pgid)) {
    if (performance.now() > deadline) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await sleep(20);
  }
}

async function post(url: string, image: Buffer): Promise<{ ms: number; detect: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/ocr?detail=text`, { method: 'POST', body: new Uint8Array(image), headers: { 'content-type': 'image/jpeg' } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`POST /api/ocr answered ${res.status}`);
  const detect = Number(/detect;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);
  return { ms: performance.now() - t0, detect };
}

async function once(v: Variant, image: Buffer, args: string[]): Promise<Record<string, number>> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(v.command[0], [...v.command.slice(1), '--host', '127.0.0.1', '--port', String(port), ...args], { cwd: v.cwd, stdio: 'ignore', detached: true });
  const pgid = child.pid!;
  const url = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${v.name} exited with code ${child.exitCode} before it was ready`);
      if (performance.now() - t0 > 120_000) throw new Error(`${v.name} not ready after 120 s`);
      const ok = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      await sleep(20);
    }
    const cold = performance.now() - t0;
    // CPU the whole group spent to get ready: other load on the machine hardly changes it.
    const { cpuMs: readyCpu, minorFaults: readyFaults } = groupUsage(pgid);
    const first = await post(url, image);
    const second = await post(url, image);
    return { cold, readyCpu, readyFaults, first: first.ms, firstDetect: first.detect, second: second.ms, secondDetect: second.detect };
  } finally {
    await stopGroup(pgid);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(argv: string[]): Promise<number> {
  const p = parse(argv);
  if (!p) return void process.stdout.write(HELP), EXIT.OK;
  const results = new Map<string, Record<string, number>[]>(p.variants.map((v) => [v.name, []]));
  for (let r = 0; r < p.rounds; r++) for (const v of p.variants) results.get(v.name)!.push(await once(v, p.image, p.args));
  for (const [name, rs] of results) {
    const keys = Object.keys(rs[0]);
    const stat = (xs: number[]) => ({ median: Math.round(median(xs)), min: Math.round(Math.min(...xs)), max: Math.round(Math.max(...xs)) });
    console.log(JSON.stringify({ variant: name, rounds: rs.length, ...Object.fromEntries(keys.map((k) => [k, stat(rs.map((x) => x[k]))])) }));
  }
  const [first, ...rest] = p.variants;
  for (const v of rest) {
    const a = results.get(v.name)!;
    const b = results.get(first.name)!;
    const ratio = (k: string) => Number(median(a.map((x, i) => x[k] / b[i][k])).toFixed(3));
    console.log(JSON.stringify({ ratio: `${v.name}/${first.name}`, cold: ratio('cold'), readyCpu: ratio('readyCpu'), readyFaults: ratio('readyFaults'), first: ratio('first'), second: ratio('second') }));
  }
  return EXIT.OK;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(errorLine('cold-start', e).replace('npm run cold-start -- --help', 'harness/bench/cold-start.ts --help'));
    process.exit(e instanceof UsageError || String((e as { code?: string })?.code).startsWith('ERR_PARSE_ARGS_') ? EXIT.USAGE : EXIT.FAILED);
  },
);
