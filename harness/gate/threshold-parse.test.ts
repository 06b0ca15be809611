import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compare, parseThreshold, parseThresholds, type Threshold } from './threshold-parse.ts';

const ok = (source: string, rest: Partial<Threshold>): { input: string | object; want: Threshold } => ({
  input: source,
  want: { source, phase: undefined, abortOnFail: false, ...rest } as Threshold,
});

test('parseThreshold accepts the grammar', () => {
  const cases: { name: string; input: string | object; want: Threshold }[] = [
    { name: 'p95', ...ok('p(95)<1200', { metric: { kind: 'percentile', q: 95 }, op: '<', value: 1200 }) },
    { name: 'p99.9', ...ok('p(99.9)<=2000', { metric: { kind: 'percentile', q: 99.9 }, op: '<=', value: 2000 }) },
    { name: 'error rate', ...ok('error_rate<0.01', { metric: { kind: 'error_rate' }, op: '<', value: 0.01 }) },
    { name: 'cer', ...ok('cer<0.02', { metric: { kind: 'cer' }, op: '<', value: 0.02 }) },
    { name: 'f1', ...ok('f1>0.95', { metric: { kind: 'f1' }, op: '>', value: 0.95 }) },
    { name: 'qps', ...ok('qps>18', { metric: { kind: 'qps' }, op: '>', value: 18 }) },
    { name: 'avg/med/min/max', ...ok('med>=1', { metric: { kind: 'med' }, op: '>=', value: 1 }) },
    { name: 'cpu', ...ok('cpu!=0', { metric: { kind: 'cpu' }, op: '!=', value: 0 }) },
    { name: 'rss', ...ok('rss_mb==512', { metric: { kind: 'rss_mb' }, op: '==', value: 512 }) },
    { name: 'phase scope', ...ok('phase:40 p(99)<1400', { phase: '40', metric: { kind: 'percentile', q: 99 }, op: '<', value: 1400 }) },
    { name: 'abortOnFail flag', ...ok('phase:warm-up.1 error_rate<0.5 abortOnFail', { phase: 'warm-up.1', metric: { kind: 'error_rate' }, op: '<', value: 0.5, abortOnFail: true }) },
    {
      name: 'spaces are free and the source is canonical',
      input: '  p( 95 )  <  1200 ',
      want: { source: 'p(95)<1200', phase: undefined, metric: { kind: 'percentile', q: 95 }, op: '<', value: 1200, abortOnFail: false },
    },
    {
      name: 'k6 object form with scope',
      input: { threshold: 'p(95)<800', phase: 20, abortOnFail: true },
      want: { source: 'phase:20 p(95)<800 abortOnFail', phase: '20', metric: { kind: 'percentile', q: 95 }, op: '<', value: 800, abortOnFail: true },
    },
  ];
  for (const c of cases) {
    const r = parseThreshold(c.input as string);
    assert.deepEqual(r, { ok: true, value: c.want }, c.name);
  }
});

test('parseThreshold rejects bad input with a message naming the problem', () => {
  const cases: { name: string; input: unknown; want: RegExp[] }[] = [
    { name: 'empty', input: '', want: [/non-empty string/] },
    { name: 'not a string', input: 42, want: [/non-empty string/] },
    { name: 'no operator', input: 'p(95)', want: [/not of the form/] },
    { name: 'no number', input: 'p(95)<fast', want: [/not of the form/] },
    { name: 'unknown metric', input: 'p95<1200', want: [/unknown metric "p95"/] },
    { name: 'percentile out of range', input: 'p(100)<1', want: [/between 0 and 100/] },
    { name: 'percentile zero', input: 'p(0)<1', want: [/between 0 and 100/] },
    { name: 'unknown flag', input: 'qps>1 abortOnFial', want: [/unknown flag "abortOnFial"/] },
    { name: 'two problems at once', input: 'phase:1 lat<1 abort', want: [/unknown metric "lat"/, /unknown flag "abort"/] },
    { name: 'conflicting scopes', input: { threshold: 'phase:10 qps>1', phase: '20' }, want: [/phase 10 in the text but 20/] },
    { name: 'k6 spelling of a scope', input: 'p(95){phase:40}<1', want: [/not of the form/] },
  ];
  for (const c of cases) {
    const r = parseThreshold(c.input as string);
    assert.equal(r.ok, false, c.name);
    if (r.ok) continue;
    assert.equal(r.errors.length, c.want.length, `${c.name}: ${r.errors.join('; ')}`);
    c.want.forEach((re, i) => assert.match(r.errors[i], re, c.name));
  }
});

test('parseThresholds reports every error at once and accepts the map form', () => {
  const bad = parseThresholds(['p(95)<1', 'nope', 'qps>x', { threshold: 'f1>2 abortOnFail' }, 'cer<0.1 now']);
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.errors.length, 3, bad.errors.join('\n'));
    assert.deepEqual(bad.partial?.map((t) => t.source), ['p(95)<1', 'f1>2 abortOnFail']);
  }

  const map = parseThresholds({ global: ['error_rate<0.01'], 'phase:40': ['p(99)<1400', { threshold: 'qps>18', abortOnFail: true }] });
  assert.ok(map.ok);
  if (map.ok) assert.deepEqual(map.value.map((t) => t.source), ['error_rate<0.01', 'phase:40 p(99)<1400', 'phase:40 qps>18 abortOnFail']);

  const k6 = parseThresholds({
    http_req_duration: ['p(95)<2000', 'avg<900'],
    'http_req_duration{phase:40}': [{ threshold: 'p(99)<1400', abortOnFail: true }],
    http_req_failed: ['rate<0.01'],
    http_reqs: ['rate>18'],
  });
  assert.ok(k6.ok, JSON.stringify(k6));
  if (k6.ok) assert.deepEqual(k6.value.map((t) => t.source), ['p(95)<2000', 'avg<900', 'phase:40 p(99)<1400 abortOnFail', 'error_rate<0.01', 'qps>18']);

  const badKeys = parseThresholds({ latency: ['p(95)<1'], http_reqs: ['count>10'], 'global{phase:1}': ['qps>1'], 'phase:2': ['qps>1', 'qps>>1'] });
  assert.equal(badKeys.ok, false);
  if (!badKeys.ok) {
    assert.equal(badKeys.errors.length, 4, badKeys.errors.join('\n'));
    assert.match(badKeys.errors[0], /key "latency"/);
    assert.match(badKeys.errors[1], /"count>10" uses an aggregation we do not measure for http_reqs/);
    assert.match(badKeys.errors[2], /key "global\{phase:1\}"/);
    assert.match(badKeys.errors[3], /"qps>>1": not of the form/);
  }
  assert.deepEqual(parseThresholds(undefined), { ok: true, value: [] });
});

test('compare implements each operator', () => {
  const cases: [number, Parameters<typeof compare>[1], number, boolean][] = [
    [1, '<', 2, true], [2, '<', 2, false], [2, '<=', 2, true], [3, '>', 2, true], [2, '>', 2, false],
    [2, '>=', 2, true], [2, '==', 2, true], [2, '!=', 2, false], [1, '!=', 2, true],
  ];
  for (const [a, op, b, want] of cases) assert.equal(compare(a, op, b), want, `${a}${op}${b}`);
});
