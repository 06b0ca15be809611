import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { loadRun } from './load-run.ts';
import { renderReport } from './render.ts';
import { writeReport } from './write-report.ts';

/**
 * Opens reports rendered from the committed fixture run in Debian's headless Chromium, offline
 * (file://, background networking off), and checks what a reader would see: no console errors, no
 * request leaving the file, every chart drawn as an SVG with marks. Screenshots stay in a temp dir
 * (printed) for a human look.
 */
const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reports/fixtures/stepped-quick');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

let dir: string;
let context: BrowserContext;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-report-'));
  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), { executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1400, height: 1000 } });
});
after(async () => {
  await context?.close();
  if (process.env.KEEP_REPORT_SCREENSHOTS) process.stdout.write(`# screenshots kept in ${dir}\n`);
  else await rm(dir, { recursive: true, force: true });
});

async function openReport(name: string, files: Record<string, string>) {
  const out = path.join(dir, name);
  await writeReport(out, files);
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console.error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => !r.url().startsWith('file://') && !r.url().startsWith('data:') && requests.push(r.url()));
  await page.goto(`file://${path.join(out, 'report.html')}`);
  await page.waitForSelector('body[data-charts-done]', { timeout: 30_000 });
  const charts = await page.$$eval('[data-chart]', (els) =>
    els.map((el) => ({
      id: el.getAttribute('data-chart'),
      svg: el.querySelectorAll('svg').length,
      // vega draws marks as paths, rects, lines, symbols or text inside g.mark-* groups.
      marks: el.querySelectorAll('svg g[class^="mark-"] > :is(path, rect, line, text)').length,
      error: el.querySelector('.chart-error')?.textContent ?? null,
    })),
  );
  const shot = path.join(out, 'report.png');
  await page.screenshot({ path: shot, fullPage: true });
  const verdict = await page.textContent('#verdict');
  await page.close();
  return { charts, problems, requests, shot, verdict };
}

test('the fixture report opens offline with every chart drawn and no console errors', async () => {
  const run = await loadRun(fixture);
  const r = await openReport('fixture', renderReport(run.results, { requests: run.requests }));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.requests, [], 'nothing is fetched');
  assert.equal(r.verdict, 'INVALID');
  assert.equal(r.charts.length, 9);
  for (const c of r.charts) {
    assert.equal(c.error, null, `${c.id}: ${c.error}`);
    assert.ok(c.svg >= 1 && c.marks > 0, `${c.id} drew ${c.svg} svg and ${c.marks} marks`);
  }
  assert.ok((await stat(r.shot)).size > 50_000, 'a full-page screenshot');
});

test('with a baseline and without per-request records the charts still draw', async () => {
  const run = await loadRun(fixture);
  const r = await openReport('baseline', renderReport(run.results, { baseline: run.results }));
  assert.deepEqual(r.problems, []);
  assert.equal(r.charts.length, 9);
  for (const c of r.charts) assert.ok(c.marks > 0 && c.error === null, `${c.id}: ${c.marks} marks, ${c.error}`);
});

test('an open-model run (corrected and service latency) draws every chart', async () => {
  const run = await loadRun(path.resolve(fixture, '../arrival-quick'));
  const r = await openReport('open', renderReport(run.results, { requests: run.requests }));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.requests, []);
  assert.equal(r.charts.length, 9);
  for (const c of r.charts) assert.ok(c.marks > 0 && c.error === null, `${c.id}: ${c.marks} marks, ${c.error}`);
});
