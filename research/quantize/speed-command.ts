/**
 * `npm run models -- speed [--reps N] [--runs N] [--models det,cls,rec] [--manifest file]`: raw session
 * time fp32 vs int8 per model at typical shapes, one intra-op thread, the engine's session options. The two sessions alternate block by block
 * (A B B A ...), so load from other processes hits both alike; each block's median is taken and the
 * figure reported is the median fp32/int8 ratio over blocks with its min and max.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadManifest, type ModelRole } from '../../server/models/manifest.ts';
import { createTimedSession, type FloatTensor } from './ort-tools.ts';

const SHAPES: Record<ModelRole, number[][]> = {
  det: [[1, 3, 736, 1280], [1, 3, 960, 960]],
  cls: [[1, 3, 48, 192]],
  rec: [[1, 3, 48, 320], [1, 3, 48, 960]],
};

/** Deterministic input in [-1, 1) (an LCG): speed does not depend on the values, reproducibility does. */
function input(dims: number[]): FloatTensor {
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return { data, dims };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function speedCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { reps: { type: 'string', default: '6' }, runs: { type: 'string', default: '5' }, models: { type: 'string', default: 'det,cls,rec' }, manifest: { type: 'string' } } });
  // --manifest: time a candidate twin (one not yet in models/manifest.json) against its fp32 model.
  const manifest = values.manifest ? path.resolve(values.manifest) : undefined;
  const reps = Number(values.reps), runs = Number(values.runs);
  const [fp32, int8] = await Promise.all([loadManifest(manifest, 'fp32'), loadManifest(manifest, 'int8')]);
  for (const role of values.models!.split(',') as ModelRole[]) {
    const a = fp32[role], b = int8[role];
    if (!a || !b || b.spec.precision !== 'int8') {
      console.log(`${role}: no int8 model in the manifest`);
      continue;
    }
    const [sa, sb] = await Promise.all([createTimedSession(a.bytes), createTimedSession(b.bytes)]);
    for (const dims of SHAPES[role]) {
      const x = input(dims);
      await sa.time(x);
      await sb.time(x);
      const ta: number[] = [], tb: number[] = [];
      for (let r = 0; r < reps; r++) {
        const block = async (s: typeof sa) => {
          const t: number[] = [];
          for (let i = 0; i < runs; i++) t.push(await s.time(x));
          return median(t);
        };
        if (r % 2 === 0) { ta.push(await block(sa)); tb.push(await block(sb)); }
        else { tb.push(await block(sb)); ta.push(await block(sa)); }
      }
      const ratios = ta.map((v, i) => v / tb[i]);
      console.log(
        `${role} ${dims.slice(2).join('x')}: fp32 ${median(ta).toFixed(1)} ms, int8 ${median(tb).toFixed(1)} ms, ` +
          `speed-up ${median(ratios).toFixed(2)}x (blocks ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}, ${reps} blocks of ${runs} runs)`,
      );
    }
    await Promise.all([sa.release(), sb.release()]);
  }
  return 0;
}
