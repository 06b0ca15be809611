import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config/load-config.ts';
import { createBurnLedger, createCpuBurner, threadCpuMs } from './cpu-burn.ts';

test('the calibration burn is off by default and refused without OCR_GATE_CALIBRATION=1', () => {
  const plain = loadConfig([], {});
  assert.equal(plain.kind === 'ok' && plain.config.calibrationBurnPct, 0);
  const refused = loadConfig(['--calibration-burn-pct', '5'], {});
  assert.equal(refused.kind, 'invalid');
  assert.match(refused.kind === 'invalid' ? refused.errors.join('\n') : '', /OCR_GATE_CALIBRATION=1/);
  const viaEnv = loadConfig([], { OCR_CALIBRATION_BURN_PCT: '5' });
  assert.equal(viaEnv.kind, 'invalid');
  const allowed = loadConfig(['--calibration-burn-pct', '5'], { OCR_GATE_CALIBRATION: '1' });
  assert.equal(allowed.kind === 'ok' && allowed.config.calibrationBurnPct, 5);
  assert.equal(loadConfig(['--calibration-burn-pct', '-1'], { OCR_GATE_CALIBRATION: '1' }).kind, 'invalid');
});

test('burners sharing a ledger burn the asked share of the process CPU used since anyone settled', () => {
  const spin = (ms: number) => {
    const start = threadCpuMs();
    let x = 0;
    while (threadCpuMs() - start < ms) x += Math.sqrt(x + 1);
    return x;
  };
  assert.equal(createCpuBurner(0).settle(), 0);
  const ledger = createBurnLedger();
  const [a, b] = [createCpuBurner(50, ledger), createCpuBurner(50, ledger)];
  // The first settlement opens the books: what ran before it (loading, warm-up) is owed nothing.
  spin(50);
  assert.equal(a.settle(), 0);
  spin(100);
  const burned = a.settle();
  // At least half of the ~100 ms spun (CPU time, so a busy machine does not change it), not wildly more.
  assert.ok(burned >= 50 && burned < 200, `burned ${burned} ms`);
  // Settled for the whole process: right after, the other burner owes almost nothing, burns not counted.
  assert.ok(b.settle() < 20);
  assert.ok(a.settle() < 20);
});
