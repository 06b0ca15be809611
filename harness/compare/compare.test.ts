import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompareResult } from './compare-result.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runCli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'harness/compare/compare-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20 * 60_000 });

test('compare runs ours, its A/A twin and Debian Tesseract end to end on real images and writes sane figures', { timeout: 25 * 60_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'compare-test-'));
  try {
    const out = path.join(dir, 'out');
    const r = runCli(['--dataset', 'real-public', '--engines', 'ours,tesseract', '--reference', 'ours', '--aa', '--limit', '2', '--processes', '2', '--repeat', '1', '--min-seconds', '1.5', '--out', out]);
    assert.equal(r.status, 0, `exit ${r.status}\n${r.stderr}\n${r.stdout}`);
    assert.deepEqual(readdirSync(out).sort(), ['compare.html', 'compare.json', 'summary.md']);
    const res = JSON.parse(readFileSync(path.join(out, 'compare.json'), 'utf8')) as CompareResult;

    assert.deepEqual(res.engines.map((e) => [e.id, e.status]), [['ours', 'ok'], ['tesseract', 'ok'], ['ours (A/A)', 'ok']], 'Tesseract must run (bash scripts/install-system.sh)');
    assert.equal(res.settings.aaTwin, 'ours (A/A)');
    assert.deepEqual(res.settings.processCounts, [1, 2]);
    assert.equal(res.settings.minSeconds, 1.5);
    assert.equal(res.settings.turnSeconds, 1);
    assert.equal(res.machine.loadavgBefore.length, 3);
    assert.equal(res.rows.length, 3 * 2 * 2, 'engine x mode x process count');
    for (const row of res.rows) {
      const s = row.spread;
      const what = `${row.engine} ${row.mode} x${row.processes}`;
      assert.ok(s.imagesPerSec.median > 0 && Number.isFinite(s.imagesPerSec.median), `${what}: images/s`);
      // Our engine reads a line in well under 0.75 s: two lines cannot fill 1.5 s without going round again.
      if (row.engine === 'ours' && row.mode === 'line') {
        assert.ok(row.runs[0].images > 2, `${what}: --min-seconds went round the share again (${row.runs[0].images} readings)`);
        assert.ok(row.runs[0].slices >= 2, `${what}: 1.5 s in turns of 1 s takes at least two turns (${row.runs[0].slices})`);
      }
      assert.ok(row.runs[0].images >= 2, `${what}: every image read at least once`);
      assert.ok(s.p50Ms!.median > 0 && s.p50Ms!.median <= s.p95Ms!.median, `${what}: 0 < P50 <= P95`);
      assert.ok(s.loadMs!.median > 0, `${what}: load time`);
      assert.ok(s.peakRssBytes!.median > 20 * 1024 * 1024 && s.peakRssBytes!.median < 8 * 1024 ** 3, `${what}: peak RSS`);
      assert.ok(s.peakRssTotalBytes!.median >= s.peakRssBytes!.median, `${what}: total RSS >= one process`);
      assert.equal(s.errors, 0, `${what}: errors`);
      assert.ok(row.throughputRatio! > 0, `${what}: ratio`);
      assert.equal(row.throughputRatioSpread!.median, row.throughputRatio, `${what}: the ratio is the median of the per-repeat ratios`);
      if (row.engine === 'ours') assert.equal(row.throughputRatio, 1, 'the reference is 1x itself');
    }
    assert.equal(res.accuracy.length, 6);
    // The twin is the same engine in processes of its own: it reads every image the same.
    for (const mode of ['line', 'page'] as const) {
      const texts = (engine: string) => res.accuracy.find((a) => a.engine === engine && a.mode === mode)!.items.map((i) => JSON.stringify(i));
      assert.deepEqual(texts('ours (A/A)'), texts('ours'), `${mode}: the twin reads as ours does`);
    }
    for (const a of res.accuracy) {
      assert.ok(a.headline! >= 0 && a.headline! <= 1, `${a.engine} ${a.mode}: accuracy in [0, 1]`);
      if (a.mode === 'line') assert.ok(a.overall.lines!.cer >= 0 && a.overall.lines!.exact <= 1, `${a.engine}: CER >= 0`);
      assert.equal(a.items.length, 2);
      assert.ok(Object.keys(a.byLang).length >= 1 && Object.keys(a.byCategory).length >= 1);
    }
    // Our engine reads these real images nearly perfectly; a broken join with the labels would not.
    assert.ok(res.accuracy.find((a) => a.engine === 'ours' && a.mode === 'page')!.headline! > 0.8);

    const html = readFileSync(path.join(out, 'compare.html'), 'utf8');
    assert.match(html, /vega-lite/);
    assert.doesNotMatch(html, /<script[^>]+src=/, 'nothing fetched: every script inline');
    const specs = JSON.parse(/<script type="application\/json" id="chart-specs">([^<]*)<\/script>/.exec(html)![1].replace(/\\u003c/g, '<'));
    assert.deepEqual(Object.keys(specs).sort(), ['line', 'page']);
    const md = readFileSync(path.join(out, 'summary.md'), 'utf8');
    assert.match(md, /\| ours \|/);
    assert.match(md, /\| tesseract \|/);
    assert.match(md, /A\/A, ours against its second copy: lines x1 \*\*[\d.]+.*pages x2 \*\*[\d.]+/);
    assert.match(html, /<p data-aa>A\/A, ours against/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input is refused with exit code 2 and nothing is written', { timeout: 5 * 60_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'compare-bad-'));
  try {
    const out = path.join(dir, 'out');
    const cases: [string[], RegExp][] = [
      [['--engines', 'ours,easyocr'], /unknown engine "easyocr"/],
      [['--engines', 'ours,ftp://127.0.0.1/ocr'], /only http:\/\/ and https:\/\//],
      [['--engines', 'http://'], /not a valid URL/],
      [['--dataset', 'no-such-set', '--engines', 'ours'], /--dataset no-such-set/],
      [['--engines', 'ours', '--reference', 'ppu'], /--reference: "ppu" is not among/],
      [['--repeat', '0'], /--repeat/],
      [['--min-seconds', 'soon'], /--min-seconds: a number of seconds/],
      [['--bogus'], /bogus/],
    ];
    for (const [args, want] of cases) {
      const r = runCli([...args, '--out', out]);
      assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
      assert.match(r.stderr, want, args.join(' '));
      assert.equal(existsSync(out), false, `${args.join(' ')}: nothing written`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
