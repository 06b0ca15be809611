import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { hashDataset } from './hash.ts';
import { DatasetError, loadDataset, validateDataset } from './load.ts';
import { parseManifest } from './parse-manifest.ts';

const line = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'a', file: 'a.png', kind: 'line', category: 'printed', lang: 'en', text: 'Hello', width: 40, height: 20, source: 'test', license: 'CC0-1.0', ...over });

describe('parseManifest (no disk)', () => {
  const cases: { name: string; input: string; want: { line: number; code: string }[] }[] = [
    { name: 'valid line item', input: line(), want: [] },
    { name: 'blank lines and trailing newline are fine', input: `\n${line()}\n\n`, want: [] },
    { name: 'empty manifest', input: '\n', want: [{ line: 0, code: 'empty-manifest' }] },
    { name: 'bad JSON', input: `${line()}\n{"id": "b",`, want: [{ line: 2, code: 'bad-json' }] },
    { name: 'unknown field', input: line({ lable: 'x' }), want: [{ line: 1, code: 'unknown-field' }] },
    { name: 'unknown field in a page line', input: line({ kind: 'page', text: undefined, lines: [{ text: 'x', colour: 'red' }] }), want: [{ line: 1, code: 'unknown-field' }] },
    { name: 'missing text on a line item', input: line({ text: undefined }), want: [{ line: 1, code: 'bad-field' }] },
    { name: 'page with text instead of lines', input: line({ kind: 'page' }), want: [{ line: 1, code: 'bad-field' }, { line: 1, code: 'unknown-field' }] },
    { name: 'unknown kind', input: line({ kind: 'word' }), want: [{ line: 1, code: 'bad-field' }] },
    { name: 'non-integer width', input: line({ width: 40.5 }), want: [{ line: 1, code: 'bad-field' }] },
    { name: 'bad box shape', input: line({ kind: 'page', text: undefined, lines: [{ text: 'x', box: [[0, 0], [1, 1]] }] }), want: [{ line: 1, code: 'bad-field' }] },
    { name: 'duplicate id', input: [line(), line({ file: 'b.png' }), line({ id: 'c' })].join('\n'), want: [{ line: 2, code: 'duplicate-id' }] },
  ];
  for (const { name, input, want } of cases) {
    test(name, () => {
      const got = parseManifest(input).problems.map(({ line, code }) => ({ line, code }));
      assert.deepEqual(got.sort((a, b) => a.code.localeCompare(b.code)), want.sort((a, b) => a.code.localeCompare(b.code)));
    });
  }
});

describe('validateDataset on a real folder with every kind of problem at once', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-validate-'));
    await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } }).png().toFile(path.join(dir, 'a.png'));
    await sharp({ create: { width: 30, height: 60, channels: 3, background: '#fff' } }).jpeg().toFile(path.join(dir, 'b.jpg'));
    await writeFile(path.join(dir, 'broken.png'), 'not an image');
    // EXIF orientation 6 (rotate 90°): stored 40x20, seen 20x40.
    await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } }).withMetadata({ orientation: 6 }).jpeg().toFile(path.join(dir, 'rotated.jpg'));
    const rows = [
      line(), // 1 ok
      line({ id: 'b', file: 'b.jpg' }), // 2 wrong size (30x60, not 40x20)
      '{"id": "c", oops', // 3 bad JSON
      line({ id: 'd', file: 'missing.png' }), // 4 missing file
      line({ id: 'a', file: 'a.png' }), // 5 duplicate id
      line({ id: 'e', file: 'a.png', extra: 1 }), // 6 unknown field
      line({ id: 'f', file: 'broken.png' }), // 7 does not decode
      line({ id: 'g', file: 'rotated.jpg', width: 20, height: 40 }), // 8 ok: size after EXIF orientation
      line({ id: 'h', kind: 'page', text: undefined, lines: [{ text: 'x', box: [[0, 0], [90, 0], [90, 10], [0, 10]] }] }), // 9 box outside
    ];
    await writeFile(path.join(dir, 'manifest.jsonl'), rows.join('\n') + '\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('reports each problem with its line number, all at once', async () => {
    const { problems, items } = await validateDataset(dir, { decode: true });
    assert.deepEqual(
      problems.map(({ line, code }) => ({ line, code })),
      [
        { line: 2, code: 'wrong-size' },
        { line: 3, code: 'bad-json' },
        { line: 4, code: 'missing-file' },
        { line: 5, code: 'duplicate-id' },
        { line: 6, code: 'unknown-field' },
        { line: 7, code: 'undecodable' },
        { line: 9, code: 'box-outside' },
      ],
    );
    assert.match(problems[0].message, /30x60, manifest says 40x20/);
    assert.match(problems[3].message, /already used on line 1/);
    assert.equal(items.length, 6);
  });

  test('loadDataset throws one DatasetError carrying every problem', async () => {
    await assert.rejects(loadDataset(dir), (err: unknown) => err instanceof DatasetError && err.problems.length === 7 && /line 9/.test(err.message));
  });

  test('a missing manifest is a problem, not a crash', async () => {
    const { problems } = await validateDataset(path.join(dir, 'nowhere'));
    assert.deepEqual(problems.map((p) => p.code), ['no-manifest']);
  });
});

describe('hashDataset', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ocrbench-hash-'));
    await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } }).png().toFile(path.join(dir, 'a.png'));
    await writeFile(path.join(dir, 'manifest.jsonl'), line() + '\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('is stable, and changes when an image byte or a label changes', async () => {
    const h1 = await hashDataset(dir);
    assert.match(h1, /^[0-9a-f]{64}$/);
    assert.equal(await hashDataset(path.join(dir, 'manifest.jsonl')), h1);
    const loaded = await loadDataset(dir);
    assert.equal(loaded.hash, h1);
    assert.equal(loaded.items.length, 1);

    await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fef' } }).png().toFile(path.join(dir, 'b.png'));
    await copyFile(path.join(dir, 'b.png'), path.join(dir, 'a.png'));
    const h2 = await hashDataset(dir);
    assert.notEqual(h2, h1);
    await writeFile(path.join(dir, 'manifest.jsonl'), line({ text: 'Hallo' }) + '\n');
    assert.notEqual(await hashDataset(dir), h2);
  });
});

test('the committed real-public set validates', async () => {
  const { problems, items } = await validateDataset('real-public');
  assert.deepEqual(problems, []);
  assert.equal(items.length, 66);
});
