import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { HistoryDb, type MachineInfo } from './history-db.ts';
import { historyCli } from './history-cli.ts';
import { chartKey } from './trend-page.ts';

/**
 * `npm run history` on a database of bench and gate runs from two machines, opened in Debian's headless
 * Chromium offline: one chart per metric, each drawn as an SVG with marks, no console errors, no request
 * leaving the file.
 */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
let dir: string;
let context: BrowserContext;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-history-page-'));
  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), { executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
});
after(async () => {
  await context?.close();
  await rm(dir, { recursive: true, force: true });
});

test('the trend page has one drawn chart per recorded metric', async () => {
  const file = path.join(dir, 'history.db');
  const db = new HistoryDb(file);
  const machines: MachineInfo[] = [
    { cpuModel: 'CPU A', cores: 2, memoryGiB: 8, os: 'linux', node: 'v20' },
    { cpuModel: 'CPU B', cores: 2, memoryGiB: 8, os: 'linux', node: 'v20' },
  ];
  for (let i = 0; i < 6; i++) {
    const machine = machines[i % 2];
    const at = `2026-12-0${1 + i}T10:00:00.000Z`;
    db.record({ kind: 'bench', at, commit: `${i}`.repeat(40), dirty: false, scenario: 'smoke', machine, verdict: 'VALID', figures: { steady: { qps: 1.7 + i / 20, p50Ms: 540 - i, pageF1: 0.98 } } });
    db.record({ kind: 'gate', at, commit: `${i}`.repeat(40), dirty: i === 5, scenario: 'gate mixed-500', machine, verdict: 'PASS', figures: { base: { cpuPerImage: 0.5 }, head: { cpuPerImage: 0.5 + i / 100 }, ratio: { cpuPerImage: 1 + i / 50 } }, gate: [] });
  }
  const expected = [...new Set(db.figures().map(chartKey))].sort();
  db.close();
  assert.equal(expected.length, 4);

  const lines: string[] = [];
  const out = path.join(dir, 'page');
  assert.equal(await historyCli(['--db', file, '--out', out, '--limit', '5'], (s) => void lines.push(s)), 0);
  const listing = lines.join('');
  assert.match(listing, /gate .*PASS/);
  assert.match(listing, /\+dirty/);
  assert.match(listing, /7 older runs not listed/);

  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => !r.url().startsWith('file://') && !r.url().startsWith('data:') && requests.push(r.url()));
  await page.goto(`file://${path.join(out, 'index.html')}`);
  await page.waitForSelector('body[data-charts-done]', { timeout: 60_000 });
  const charts = await page.$$eval('[data-chart]', (els) => els.map((el) => ({ id: el.getAttribute('data-chart'), marks: el.querySelectorAll('svg g[class^="mark-"] > :is(path, rect, line, text)').length, error: el.querySelector('.chart-error')?.textContent ?? null })));
  const rows = await page.$$eval('tbody tr', (els) => els.length);
  await page.close();
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, []);
  assert.deepEqual(charts.map((c) => c.id).sort(), expected);
  for (const c of charts) {
    assert.equal(c.error, null, `${c.id}: ${c.error}`);
    assert.ok(c.marks > 0, `${c.id} drew no marks`);
  }
  assert.equal(rows, 12);
});

test('history says so in one line when there is no database yet', async () => {
  const errs: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => (errs.push(s), true)) as typeof process.stderr.write;
  try {
    assert.equal(await historyCli(['--db', path.join(dir, 'none.db')], () => {}), 1);
  } finally {
    process.stderr.write = write;
  }
  assert.equal(errs.length, 1);
  assert.match(errs[0], /^history: no history at .*none\.db yet/);
});
