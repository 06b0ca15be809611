/**
 * No container engine here, so deploy/Dockerfile is checked as text: the image must run the server the
 * bench measures, i.e. exactly what package.json's `start` script runs (the bundle, the same
 * environment), built from the bundle step, without the TypeScript loader or dev dependencies.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './start-cluster.ts';

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions per stage (comments dropped, `\` continuations joined). */
function stages(text: string): Instruction[][] {
  const out: Instruction[][] = [];
  const joined = text.replace(/\\\n/g, ' ');
  for (const line of joined.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(t) ?? [];
    assert.ok(op, `cannot parse: ${t}`);
    if (op.toUpperCase() === 'FROM') out.push([]);
    out.at(-1)!.push({ op: op.toUpperCase(), args });
  }
  return out;
}

/** `A=1 B="x y"` (ENV's form) as a map. */
function envPairs(args: string): Record<string, string> {
  return Object.fromEntries([...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map(([, k, v]) => [k, v.replace(/^"|"$/g, '')]));
}

/** The last command of the start script: its environment (with `${X:-d}` read as d) and its argv. */
function startCommand(): { env: Record<string, string>; argv: string[]; before: string[] } {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const parts = pkg.scripts.start.split('&&').map((s) => s.trim());
  const words = parts.at(-1)!.split(/\s+/);
  const env: Record<string, string> = {};
  while (/^\w+=/.test(words[0])) {
    const [k, v] = words.shift()!.split(/=(.*)/s);
    env[k] = v.replace(/^\$\{\w+:-(.*)\}$/, '$1');
  }
  return { env, argv: words, before: parts.slice(0, -1) };
}

const dockerfile = readFileSync(path.join(ROOT, 'deploy/Dockerfile'), 'utf8');
const all = stages(dockerfile);
const final = all.at(-1)!;

test('the image starts the server as npm start does: same command, same environment', () => {
  const start = startCommand();
  const cmds = final.filter((i) => i.op === 'CMD');
  assert.equal(cmds.length, 1, 'one CMD in the final stage');
  assert.deepEqual(JSON.parse(cmds[0].args), start.argv, 'CMD (exec form) is the start script\'s last command');
  const env = Object.assign({}, ...final.filter((i) => i.op === 'ENV').map((i) => envPairs(i.args)));
  for (const [k, v] of Object.entries(start.env)) assert.equal(env[k], v, `ENV ${k}=${v} as in the start script`);
  assert.ok(Object.keys(start.env).includes('MALLOC_ARENA_MAX'), 'the start script sets MALLOC_ARENA_MAX (what this test guards)');
});

test('the bundle is built by the same step npm start runs, and the final stage has no dev dependencies or tsx', () => {
  const start = startCommand();
  const buildStep = start.before.find((s) => s.includes('scripts/build.mjs'));
  assert.ok(buildStep, 'npm start builds with scripts/build.mjs');
  assert.ok(all.slice(0, -1).some((s) => s.some((i) => i.op === 'RUN' && i.args.includes('node scripts/build.mjs'))), 'an earlier stage runs node scripts/build.mjs');
  assert.ok(final.some((i) => i.op === 'COPY' && /--from=\w+\s+\S*dist\s/.test(`${i.args} `)), 'the final stage copies dist/ from the build stage');
  const installs = final.filter((i) => i.op === 'RUN' && /npm (ci|install)/.test(i.args));
  assert.ok(installs.length > 0 && installs.every((i) => /--omit=dev/.test(i.args)), 'the final stage installs production dependencies only');
  assert.doesNotMatch(final.map((i) => i.args).join('\n'), /tsx/, 'no TypeScript loader in the final stage');
});

test('every file the Dockerfile copies from the checkout exists', () => {
  for (const i of all.flat().filter((x) => x.op === 'COPY' && !x.args.includes('--from='))) {
    const srcs = i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
    for (const src of srcs) assert.ok(existsSync(path.join(ROOT, src)), `COPY ${src}: not in the checkout`);
  }
});
