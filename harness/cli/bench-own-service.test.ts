/**
 * Issue 25's acceptance: someone else's JSON OCR API that wants a bearer token, measured from a folder
 * of images with sidecar labels outside the checkout, with nothing but flags. The API is a real HTTP
 * service written here (checks the token, decodes the base64 image, answers {result: {text}}) in front
 * of our real OCR server process. The token must appear in no file the run wrote, nor in its output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../bench/start-server.ts';
import { EXIT } from '../../server/exit-codes.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

/** A JSON OCR API: POST /v1/ocr {"image": base64} with a bearer token -> {"result": {"text": ...}}. */
async function startJsonApi(token: string, ocrUrl: string) {
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST' || req.url !== '/v1/ocr') return send(404, { error: 'not found' });
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'unauthorized' });
    let image: Buffer;
    try {
      image = Buffer.from((JSON.parse((await readBody(req)).toString('utf8')) as { image: string }).image, 'base64');
    } catch {
      return send(400, { error: 'bad json' });
    }
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(image)]), 'upload.jpg');
    const r = await fetch(ocrUrl, { method: 'POST', body: form });
    const ours = (await r.json()) as { text?: string };
    return r.ok ? send(200, { result: { text: ours.text } }) : send(502, { error: 'ocr failed' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/ocr`, close: () => new Promise((r) => server.close(r)) };
}

/** 12 labelled line images from lines-500, in nested folders, with a file that is not an image. */
async function makeFolder(dir: string) {
  const manifest = (await readFile(path.join(root, 'datasets/lines-500/manifest.jsonl'), 'utf8')).trim().split('\n').slice(0, 12);
  for (const [i, line] of manifest.entries()) {
    const item = JSON.parse(line) as { file: string; text: string };
    const sub = i % 2 ? 'a' : 'b/c';
    await mkdir(path.join(dir, sub), { recursive: true });
    const name = `img${i}${path.extname(item.file)}`;
    await copyFile(path.resolve(root, 'datasets/lines-500', item.file), path.join(dir, sub, name));
    await writeFile(path.join(dir, sub, `${path.parse(name).name}.txt`), `${item.text}\n`);
  }
  await writeFile(path.join(dir, 'notes.md'), 'not an image\n');
}

function bench(args: string[]) {
  const child = spawn('npm', ['run', '--silent', 'bench', '--', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise<{ code: number | null; output: string }>((resolve) => child.once('close', (code) => resolve({ code, output })));
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  return out;
}

test('a JSON API behind a bearer token, a folder of labelled images, load from flags', { timeout: 600_000 }, async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'ocrbench-own-'));
  const dataset = path.join(tmp, 'scans');
  const out = path.join(tmp, 'run');
  const token = `tok-${randomBytes(12).toString('hex')}`;
  await makeFolder(dataset);
  const ocr = await startServer({ cwd: root, logPath: path.join(tmp, 'ocr-server.log') });
  const api = await startJsonApi(token, `${ocr.url}/api/ocr`);
  try {
    const common = ['--target', api.url, '--body', 'json', '--field', 'image', '--text-path', 'result.text', '--dataset', dataset];
    // Without the token: the preflight says so in one request, before any load.
    const denied = await bench([...common, '--vus', '1', '--duration', '12s', '--out', path.join(tmp, 'denied')]);
    assert.equal(denied.code, EXIT.FAILED, denied.output);
    assert.match(denied.output, /401.*auth/);

    // The self-check's loop-delay limit is raised: on a shared machine the harness's timers may lag,
    // and this test is about the request path, not about timing.
    const run = await bench([...common, '-H', `Authorization: Bearer ${token}`, '--vus', '2', '--duration', '12s', '--accuracy-samples', '4', '--loop-delay-limit', '5000', '--out', out]);
    assert.equal(run.code, EXIT.OK, run.output.slice(-3000));
    assert.match(run.output, /skipped 1 file\(s\) that are not images: notes\.md/);
    const results = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'));
    assert.equal(results.dataset.items, 12);
    assert.equal(results.dataset.labelled, 12);
    assert.equal(results.target.body, 'json');
    assert.deepEqual(results.target.headers, ['Authorization: ***']);
    const [phase] = results.phases;
    assert.equal(phase.vus, 2);
    assert.ok(phase.requests.ok > 0);
    assert.equal(phase.requests.errors, 0, JSON.stringify(phase.errors));
    assert.ok(phase.accuracy.scored > 0 && typeof phase.accuracy.pageF1 === 'number', JSON.stringify(phase.accuracy));
    assert.match(run.output, /F1 \d\.\d{3}/);

    // The secret is in no file the run wrote, nor in what it printed.
    const written = await filesUnder(out);
    assert.ok(written.some((f) => f.endsWith('requests.jsonl')) && written.some((f) => f.endsWith('report.html')), written.join(' '));
    for (const f of [...written, ...(await filesUnder(path.join(tmp, 'denied')))]) assert.ok(!(await readFile(f)).includes(token), `${f} holds the token`);
    assert.ok(!run.output.includes(token) && !denied.output.includes(token), 'the output holds the token');
    assert.ok((await readFile(path.join(out, 'results.json'), 'utf8')).includes('Authorization: ***'));
  } finally {
    await api.close();
    await ocr.stop();
    await rm(tmp, { recursive: true, force: true });
  }
});
