import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REAL_PUBLIC = join(ROOT, 'datasets/real-public');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Every JSON log line so far. */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  /** Waits for a log line matching `pred`. */
  waitForLog(pred: (l: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the real server process (`node --import tsx server/main.ts`, or `entry`, e.g. a built bundle) on a free port (`--port 0`, the
 * port read from its "listening" log line) and waits until it logs "ready".
 */
export async function startServer(args: string[], env: Record<string, string> = {}, entry = ['--import', 'tsx', 'server/main.ts']): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...entry, '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const watchers = new Set<() => void>();
  let stderr = '';
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ raw: line });
      }
      for (const w of watchers) w();
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => {
    for (const w of watchers) w();
    r(code);
  }));

  const waitForLog = (pred: (l: Record<string, unknown>) => boolean, timeoutMs = 60_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const hit = logs.find(pred);
        if (hit) return done(() => resolve(hit));
        if (child.exitCode !== null) done(() => reject(new Error(`server exited (${child.exitCode}): ${stderr.slice(-2000)}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`))), timeoutMs);
      const done = (f: () => void) => {
        clearTimeout(timer);
        watchers.delete(check);
        f();
      };
      watchers.add(check);
      check();
    });

  try {
    const listening = await waitForLog((l) => l.msg === 'listening');
    // Each worker warms up on a 1280x960 page before ready: on a machine shared with other jobs that alone
    // took over a minute, so the wait is generous.
    await waitForLog((l) => l.msg === 'ready', 240_000);
    const url = `http://127.0.0.1:${listening.port}`;
    return {
      url,
      child,
      logs,
      exited,
      waitForLog,
      async stop(signal = 'SIGTERM') {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
        const code = await exited;
        clearTimeout(t);
        return code;
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

export interface ManifestItem {
  id: string;
  file: string;
  kind: 'line' | 'page';
  text?: string;
  width: number;
  height: number;
}

export function realPublic(kind?: 'line' | 'page'): ManifestItem[] {
  const items = readFileSync(join(REAL_PUBLIC, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ManifestItem);
  return kind ? items.filter((i) => i.kind === kind) : items;
}

export const readImage = (item: ManifestItem): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(join(REAL_PUBLIC, item.file)));

/** POSTs an image as multipart field `image`, the way the seed's Python client does. */
export async function postImage(url: string, image: Uint8Array<ArrayBuffer>, query = '', headers: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.append('image', new Blob([image]), 'image');
  return fetch(`${url}/api/ocr${query}`, { method: 'POST', body: form, headers });
}

/** Reads a JSON error answer and checks its shape. */
export async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
  if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string') throw new Error(`not an error body: ${JSON.stringify(body)}`);
  return { status: res.status, code: body.error.code, message: body.error.message };
}

/** Reads one sample of a metric from Prometheus text. */
export async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * Polls until `f` holds. The bound is generous on purpose: a replacement worker loads and warms its
 * models before /readyz says 200 (3.3 s idle, past the old 5 s bound with both cores hogged, which
 * failed this test under scripts/test-under-load.sh); only a server that never gets there should fail.
 */
export async function until(what: string, f: () => Promise<boolean>, limitMs = 90_000) {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}
