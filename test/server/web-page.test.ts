/**
 * The web page at GET / in headless Chromium (Debian's, driven by playwright-core): upload a real image,
 * see its recognised lines (the same as the API's), numbered boxes drawn over it, and the stage
 * timings; a non-image shows the API's error. Every request the page makes goes to the server itself.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { postImage, readImage, realPublic, REAL_PUBLIC, startServer, type ServerProcess } from '../support/server-process.ts';

let server: ServerProcess;
let context: BrowserContext;
let page: Page;
let profile: string;
const requested: string[] = [];

before(async () => {
  server = await startServer(['--workers', '1']);
  profile = await mkdtemp(join(tmpdir(), 'ocrbench-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (r) => requested.push(r.url()));
});
after(async () => {
  await context?.close();
  await server?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
});

test('upload a real page: its lines, numbered boxes and stage timings appear', async () => {
  const item = realPublic('page').find((p) => p.file.includes('paddle_00006737'))!;
  const api = (await (await postImage(server.url, readImage(item))).json()) as { lines: Array<{ text: string }> };
  assert.ok(api.lines.length >= 5);

  await page.goto(server.url + '/');
  assert.equal(await page.title(), 'ocrbench — OCR');
  await page.setInputFiles('#file', join(REAL_PUBLIC, item.file));
  await page.waitForSelector('#lines li', { timeout: 30_000 });

  const shown = await page.$$eval('#lines li .text', (els) => els.map((e) => e.textContent));
  assert.deepEqual(shown, api.lines.map((l) => l.text));
  const labels = await page.$$eval('#overlay text', (els) => els.map((e) => e.textContent));
  assert.deepEqual(labels, api.lines.map((_, i) => String(i + 1)));
  assert.equal(await page.locator('#overlay polygon').count(), api.lines.length);
  // The boxes sit over the picture: the overlay has the image's own coordinate system.
  assert.equal(await page.getAttribute('#overlay', 'viewBox'), `0 0 ${item.width} ${item.height}`);
  const conf = await page.$$eval('#lines li .conf', (els) => els.map((e) => e.textContent ?? ''));
  for (const c of conf) assert.match(c, /^\d{1,3}\.\d%$/);
  const stages = await page.$$eval('#timings tr', (rows) => rows.map((r) => [r.getAttribute('data-stage'), r.lastElementChild?.textContent]));
  assert.deepEqual(stages.map((s) => s[0]), ['queue', 'decode', 'preprocess', 'detect', 'boxes', 'crop', 'classify', 'recognize', 'total']);
  for (const [, ms] of stages) assert.match(ms ?? '', /^\d+\.\d$/);
  assert.match((await page.textContent('#status')) ?? '', new RegExp(`^${api.lines.length} lines in \\d+ ms`));
  await page.screenshot({ path: join(profile, 'page.png') });
});

test('dropping and pasting an image work like choosing one', async () => {
  const item = realPublic('line').find((l) => l.file.includes('cnocr_multi-line_cn1_l02'))!;
  const want = ((await (await postImage(server.url, readImage(item), '?mode=page')).json()) as { lines: Array<{ text: string }> }).lines.map((l) => l.text);
  const b64 = Buffer.from(readImage(item)).toString('base64');
  for (const how of ['drop', 'paste'] as const) {
    await page.evaluate(() => document.getElementById('lines')!.replaceChildren());
    await page.evaluate(
      ({ b64, how }) => {
        const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'line.png', { type: 'image/png' }));
        if (how === 'drop') document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        else document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
      },
      { b64, how },
    );
    await page.waitForSelector('#lines li', { timeout: 30_000 });
    assert.deepEqual(await page.$$eval('#lines li .text', (els) => els.map((e) => e.textContent)), want, how);
  }
});

test('a non-image shows the API error code', async () => {
  await page.setInputFiles('#file', { name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
  await page.waitForSelector('#status.error');
  assert.match((await page.textContent('#status')) ?? '', /Error 400 — invalid_image/);
});

test('the page loads nothing from anywhere but the server', () => {
  assert.ok(requested.length >= 4, requested.join(' '));
  for (const u of requested) assert.ok(u.startsWith(server.url + '/') || u.startsWith('blob:'), u);
});
