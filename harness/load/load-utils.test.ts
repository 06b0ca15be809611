import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerTiming } from './server-timing.ts';
import { readJsonPath } from './json-path.ts';

test('parseServerTiming', () => {
  const cases: { input: string | string[] | undefined; want: Record<string, number> }[] = [
    { input: undefined, want: {} },
    { input: '', want: {} },
    { input: 'queue;dur=1.5, decode;dur=3, total;dur=40.25', want: { queue: 1.5, decode: 3, total: 40.25 } },
    { input: 'cache;desc="hit", db;dur=53;desc="Database"', want: { db: 53 } },
    { input: ['a;dur=1', 'b;dur="2"'], want: { a: 1, b: 2 } },
    { input: 'a;dur=1, a;dur=9', want: { a: 1 } },
    { input: 'a;dur=abc, b', want: {} },
  ];
  for (const { input, want } of cases) assert.deepEqual(parseServerTiming(input), want, String(input));
});

test('readJsonPath', () => {
  const body = { text: 'a\nb', lines: [{ text: 'a' }, { text: 'b' }], data: { items: [{ t: 'x' }] } };
  const cases: { path: string; want: unknown }[] = [
    { path: 'text', want: 'a\nb' },
    { path: 'lines[].text', want: ['a', 'b'] },
    { path: 'data.items.0.t', want: 'x' },
    { path: 'data.items[].t', want: ['x'] },
    { path: 'missing.deep', want: undefined },
    { path: 'text[].x', want: undefined },
    { path: '', want: body },
  ];
  for (const { path, want } of cases) assert.deepEqual(readJsonPath(body, path), want, path);
});

test('interpretOutcome: a 499 is client_closed, apart from the server errors, with or without a body', async () => {
  const { interpretOutcome } = await import('./send-request.ts');
  const { createMultipartTarget } = await import('./target.ts');
  const target = createMultipartTarget({ url: 'http://127.0.0.1:1/api/ocr' });
  const raw = (status: number, body: string | null) => ({ sentAt: 0, firstByteAt: 1, doneAt: 2, status, bytes: body?.length ?? 0, serverTimingHeader: undefined, body: body === null ? null : Buffer.from(body), transportError: null });
  assert.equal(interpretOutcome(target, raw(499, '{"error":{"code":"client_closed","message":"x"}}')).errorKind, 'client_closed');
  assert.equal(interpretOutcome(target, raw(499, '')).errorKind, 'client_closed');
  assert.equal(interpretOutcome(target, raw(500, '{"error":{"code":"internal_error","message":"x"}}')).errorKind, 'internal_error');
});
