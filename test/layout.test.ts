import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importEdges, layeringViolation, PRODUCT_LAYERS, relativeSpecifiers, RESEARCH, sourceFiles, TOP } from './support/layering.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDERS = [...PRODUCT_LAYERS, ...TOP, RESEARCH];

describe('layout', () => {
  it('no file imports research/ or a folder above its own, and no production file imports test/support', () => {
    const files = sourceFiles(ROOT, FOLDERS);
    const edges = importEdges(ROOT, FOLDERS);
    // Not vacuous: the scan sees the product and its cross-folder imports.
    assert.ok(files.length > 200, `only ${files.length} source files found`);
    assert.ok(edges.some((e) => e.from.startsWith('harness/') && e.to.startsWith('server/')), 'no harness -> server import seen');
    assert.ok(edges.some((e) => e.from.startsWith('research/')), 'no research import seen');
    assert.deepEqual(edges.map(layeringViolation).filter(Boolean), []);
  });

  it('every top-level folder with source code is placed in the layering', () => {
    const placed = new Set<string>([...FOLDERS, 'node_modules', 'dist', 'reports', '.git']);
    const dirs = sourceFiles(ROOT, ['.']).map((f) => f.split('/')[1]).filter((d) => d && !d.includes('.'));
    assert.deepEqual([...new Set(dirs)].filter((d) => !placed.has(d)), []);
  });
});

describe('layeringViolation', () => {
  const bad = (from: string, to: string) => assert.ok(layeringViolation({ from, to }), `${from} -> ${to} should be refused`);
  const good = (from: string, to: string) => assert.equal(layeringViolation({ from, to }), undefined);

  it('refuses an import of research/ from any product folder or from tests', () => {
    for (const f of ['server/ocr/engine.ts', 'harness/cli/bench.ts', 'datasets/cli.ts', 'models/x.ts', 'scenarios/smoke.ts', 'deploy/cluster.ts', 'test/server/ocr-api.test.ts', 'scripts/x.ts']) bad(f, 'research/accuracy/study-setup.ts');
  });

  it('refuses an import of a folder above', () => {
    bad('server/ocr/engine.ts', 'harness/results/schema.ts');
    bad('server/ocr/errors.ts', 'datasets/lib/load.ts');
    bad('models/x.ts', 'datasets/lib/load.ts');
    bad('harness/bench/run-bench.ts', 'deploy/services.ts');
    bad('server/ocr/orientation/orientation.test.ts', 'harness/accuracy/metrics.ts');
    bad('harness/cli/bench.ts', 'test/server/ocr-api.test.ts');
  });

  it('allows imports of the same folder or one below, and research/ anything', () => {
    good('harness/accuracy/eval-cli.ts', 'server/ocr/engine.ts');
    good('server/main.ts', 'server/models/manifest.ts');
    good('deploy/start-cluster.ts', 'harness/bench/start-server.ts');
    good('scenarios/smoke.ts', 'harness/scenario/scenario-input.ts');
    good('test/server/orientation.test.ts', 'harness/accuracy/metrics.ts');
    good('research/quantize/calibration-inputs.ts', 'server/ocr/pipeline.ts');
    good('research/fidelity/fidelity.ts', 'test/support/fixture-server.ts');
  });

  it('allows test/support in tests only', () => {
    bad('harness/bench/run-bench.ts', 'test/support/fixture-server.ts');
    bad('server/app.ts', 'test/support/server-process.ts');
    good('harness/load/load.test.ts', 'test/support/fixture-server.ts');
  });

  it('refuses a folder the layering does not place', () => {
    bad('tools/x.ts', 'server/ocr/engine.ts');
    bad('server/x.ts', 'tools/y.ts');
  });
});

describe('relativeSpecifiers', () => {
  it('finds static, type-only, re-export, dynamic and new URL imports, and skips packages and comments', () => {
    const src = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export * from './c.ts';",
      "const d = await import('../../d.ts');",
      "const e = new URL('../e.json', import.meta.url);",
      "import sharp from 'sharp';",
      "// import { z } from '../commented.ts';",
    ].join('\n');
    assert.deepEqual(relativeSpecifiers(src).sort(), ['../../d.ts', '../b.ts', '../e.json', './a.ts', './c.ts']);
  });
});
