/**
 * README.md cannot rot: every command in its ```sh blocks runs here, serially, and must exit as
 * documented. The README's conventions (docs/guides/cli.md, "README commands"):
 *   - one command per line (`\` continues a line; `a && b` runs a then b); `# ...` after it is a comment;
 *   - the expected exit code is 0 unless the comment says `# exit N`;
 *   - placeholders are CAPITALISED (RUN_ID, PORT, URL...) or `host`; the ones below are filled with
 *     fixtures, and a command with any other placeholder is skipped (reported, not failed);
 *   - a long command is shortened by the RULES table (same command, smaller load), never replaced.
 * Gating commands (bench, report, fault:replica-kill) judge a run: 0, 3 (INVALID: a shortened run may be
 * too short to trust) and 99 all mean the command worked, unless the README pins one with `# exit N`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../server/exit-codes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VERDICTS = [EXIT.OK, EXIT.INVALID, EXIT.THRESHOLDS_FAILED];

interface Rule {
  match: RegExp;
  /** Why the command is not run here. */
  skip?: string | (() => string | undefined);
  /** [pattern, replacement] edits that shorten the command. */
  edit?: [RegExp, string][];
  /** Flags added at the end (after npm's `--` when the command is `npm run X` without one). */
  add?: string;
  /** Exit codes that mean "worked" when the README pins none. */
  accept?: number[];
  timeoutMs?: number;
  /** Environment added for the command (values may name the temp folder as TMP). */
  env?: Record<string, string>;
}

/** First match wins. Skips are for commands that would recurse, reinstall, or run until stopped. */
const RULES: Rule[] = [
  { match: /^bash scripts\/install-system\.sh\b/, skip: 'installs Debian packages as root, once per machine' },
  { match: /^npm (ci|install)\b/, skip: 'would reinstall node_modules under the running test' },
  { match: /^npm (test|run test(:only)?)\b/, skip: 'the test suite itself (this file is in it)' },
  { match: /^npm run compare -- --install\b/, skip: 'installs the peer engines from the registry' },
  { match: /^npm run (serve|start|cluster)\b/, skip: 'a service that runs until Ctrl-C (its tests start and stop it)' },
  { match: /\/\/127\.0\.0\.1:8080\b/, skip: 'talks to a server the reader started on 127.0.0.1:8080' },
  // Our own engine alone needs no peer install.
  { match: /^npm run compare -- --engines ours(-http)?(\s|$)/, edit: [[/--repeat \d+/, '--repeat 1'], [/--limit \d+/, ''], [/--min-seconds \S+/, '']], add: '--limit 2 --min-seconds 1', timeoutMs: 600_000 },
  {
    match: /^npm run compare\b/,
    skip: () => (existsSync(path.join(root, 'harness/compare/peers/node_modules')) ? undefined : 'the peer engines are not installed (npm run compare -- --install)'),
    edit: [[/--repeat \d+/, '--repeat 1'], [/--min-seconds \S+/, '']],
    add: '--limit 2 --min-seconds 1',
    timeoutMs: 600_000,
  },
  { match: /^npm run bench\b/, edit: [[/ --quick\b/, ''], [/ --scale \S+/, '']], add: '--scale 0.03 --accuracy-samples 0', accept: VERDICTS, timeoutMs: 600_000 },
  // The gate with two tiny blocks (one pair: INVALID by construction, still a full build, start and
  // measurement of both revisions); it records into a temp history that `npm run history` then reads.
  { match: /^npm run gate\b/, add: '--blocks 1 --light-images 2 --saturate-s 2', accept: VERDICTS, timeoutMs: 900_000, env: { OCRBENCH_HISTORY_DB: 'TMP/history.db' } },
  { match: /^npm run history\b/, env: { OCRBENCH_HISTORY_DB: 'TMP/history.db' } },
  { match: /^npm run fault:replica-kill\b/, add: '--scale 0.25', accept: VERDICTS, timeoutMs: 600_000 },
  { match: /^npm run report\b/, accept: VERDICTS },
  { match: /^npm run eval\b/, add: '--limit 3', timeoutMs: 600_000 },
  { match: /deploy\/compare-replicas\.ts/, edit: [[/--rounds \d+/, '--rounds 1']], add: '--scenario smoke', timeoutMs: 900_000 },
];

let tmp: string;
/** Placeholders filled with fixtures (copies, so report files land in the temp folder). */
let FILL: [RegExp, string][] = [];

interface Command {
  line: number;
  text: string;
  expect?: number;
}

/** The commands of README's ```sh blocks, with their documented exit codes. */
export function readmeCommands(markdown: string): Command[] {
  const out: Command[] = [];
  const lines = markdown.split('\n');
  let inSh = false;
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)/.exec(lines[i]);
    if (fence) {
      inSh = !inSh && (fence[1] === 'sh' || fence[1] === 'bash');
      continue;
    }
    if (!inSh) continue;
    let text = lines[i];
    const start = i + 1;
    while (text.trimEnd().endsWith('\\') && i + 1 < lines.length) text = `${text.trimEnd().slice(0, -1)} ${lines[++i].trim()}`;
    const hash = text.search(/(^|\s)#/);
    const comment = hash >= 0 ? text.slice(hash) : '';
    const cmd = (hash >= 0 ? text.slice(0, hash) : text).trim();
    if (!cmd) continue;
    const pinned = /\bexit (\d+)\b/.exec(comment);
    for (const part of cmd.split(/\s+&&\s+/)) out.push({ line: start, text: part.trim(), expect: pinned ? Number(pinned[1]) : undefined });
  }
  return out;
}

function run(cmd: string, timeoutMs: number, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Its own process group, so a timeout stops the whole command (npm, node, servers it started).
    const child = spawn('bash', ['-c', cmd], { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
    child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGINT');
        setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000).unref();
      } catch {}
    }, timeoutMs);
    child.on('exit', (code) => (clearTimeout(timer), resolve({ code, output })));
  });
}

const commands = readmeCommands(readFileSync(path.join(root, 'README.md'), 'utf8'));

before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ocrbench-readme-'));
  for (const name of ['run', 'older-run']) await cp(path.join(root, 'reports/fixtures/stepped-quick'), path.join(tmp, name), { recursive: true });
  await cp(path.join(root, 'reports/fixtures/k6-summary.json'), path.join(tmp, 'summary.json'));
  FILL = [
    [/\breports\/RUN_ID\b/g, `${tmp}/run`],
    [/\breports\/OLDER_RUN_ID\b/g, `${tmp}/older-run`],
    [/(--from-k6 )summary\.json\b/g, `$1${tmp}/summary.json`],
    [/\bsome-line\.png\b/g, 'datasets/real-public/lines/paddle_en_word_1.png'],
  ];
});
after(() => rm(tmp, { recursive: true, force: true }));

test('README.md has commands to check', () => {
  assert.ok(commands.length >= 5, `found ${commands.length} commands in README's sh blocks`);
});

for (const c of commands) {
  test(`README.md:${c.line}: ${c.text}`, async (t) => {
    const rule = RULES.find((r) => r.match.test(c.text));
    const skip = typeof rule?.skip === 'function' ? rule.skip() : rule?.skip;
    if (skip) return void t.skip(skip);
    let cmd = c.text;
    for (const [re, to] of FILL) cmd = cmd.replace(re, to);
    const placeholder = /\b(?=[A-Z0-9_]*[A-Z]{2})[A-Z][A-Z0-9_]+\b|\/\/host[:/]/.exec(cmd.replace(/\b[A-Z_]+=\S*/g, '').replace(/\bHEAD\b/g, 'head'));
    if (placeholder) return void t.skip(`placeholder ${placeholder[0]}: the reader fills it in`);
    for (const [re, to] of rule?.edit ?? []) cmd = cmd.replace(re, to);
    if (rule?.add) cmd = /^npm run \S+$/.test(cmd) ? `${cmd} -- ${rule.add}` : `${cmd} ${rule.add}`;
    const env = Object.fromEntries(Object.entries(rule?.env ?? {}).map(([k, v]) => [k, v.replace(/^TMP\//, `${tmp}/`)]));
    const { code, output } = await run(cmd, rule?.timeoutMs ?? 180_000, env);
    const ok = c.expect !== undefined ? [c.expect] : (rule?.accept ?? [EXIT.OK]);
    assert.ok(code !== null && ok.includes(code as never), `\`${cmd}\` exited ${code}, README documents ${ok.join(' or ')}:\n${output}`);
  });
}
