import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMultipartTarget } from '../load/target.ts';
import { createFailFast } from './fail-fast.ts';
import { explain } from './preflight.ts';

test('explain: a wrong target gets a reason and a hint; an OCR-like answer passes', () => {
  const root = createMultipartTarget({ url: 'http://127.0.0.1:9/' });
  const api = createMultipartTarget({ url: 'http://127.0.0.1:9/v1/ocr' });
  const cases = [
    { name: 'base URL, 404', target: root, status: 404, kind: 'not_found', want: /answered 404 \(not_found\): did you mean http:\/\/127\.0\.0\.1:9\/api\/ocr\?/ },
    { name: 'base URL, 405', target: root, status: 405, kind: 'http_405', want: /did you mean http:\/\/127\.0\.0\.1:9\/api\/ocr\?/ },
    { name: 'other path, 404', target: api, status: 404, kind: 'http_404', want: /check the endpoint's path \(our server's is \/api\/ocr\)/ },
    { name: 'refused', target: api, status: 0, kind: 'connection_refused', want: /connection refused; is the OCR service running at http:\/\/127\.0\.0\.1:9\?/ },
    { name: 'reset', target: api, status: 0, kind: 'connection_reset', want: /no answer \(connection_reset\)/ },
    { name: 'wrong field', target: api, status: 400, kind: 'missing_image', want: /field "image"/ },
    { name: '200 without text', target: api, status: 200, kind: 'bad_response', want: /without text at "text": check --text-path/ },
    { name: 'ok', target: api, status: 200, kind: null, want: null },
    { name: 'busy', target: api, status: 503, kind: 'overloaded', want: null },
    { name: 'paced', target: api, status: 429, kind: 'http_429', want: null },
    { name: 'server error', target: api, status: 500, kind: 'internal', want: null },
    { name: 'slow', target: api, status: 0, kind: 'timeout', want: /no answer \(timeout\)/ },
  ];
  for (const c of cases) {
    const got = explain(c.target, c.status, c.kind);
    if (c.want === null) assert.equal(got, null, c.name);
    else assert.match(got ?? '', c.want, c.name);
  }
});

test('createFailFast: ten errors in a row stop the run; one success or fewer errors do not', () => {
  const err = { errorKind: 'http_404' };
  const ok = { errorKind: null };
  const feed = (xs: { errorKind: string | null }[], n = 10) => {
    const watch = createFailFast(n);
    return xs.map(watch).filter((x) => x !== null);
  };
  assert.deepEqual(feed(Array(9).fill(err)), []);
  const tripped = feed(Array(12).fill(err));
  assert.equal(tripped.length, 1, 'reported once');
  assert.match(tripped[0]!, /the first 10 answers were all errors \(http_404 x10\)/);
  assert.deepEqual(feed([ok, ...Array(20).fill(err)]), [], 'a success first: the target works; later errors are the gate\'s business');
  assert.deepEqual(feed([...Array(5).fill(err), ok, ...Array(20).fill(err)]), []);
  // Dropped and aborted arrivals are the harness's, not answers.
  assert.deepEqual(feed([...Array(9).fill(err), { errorKind: 'dropped' }, { errorKind: 'aborted' }]), []);
  assert.match(feed([{ errorKind: 'timeout' }, { errorKind: 'internal' }], 2)[0]!, /timeout x1, internal x1/);
});
