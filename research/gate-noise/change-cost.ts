/**
 * What a server change costs on the CI gate's own light pass: the base and each variant (extra server flags)
 * alive together, the gate's blocks (light pass interleaved image by image on one core), CPU per image of
 * each variant over the base's, per block. Used to pick a real change of a known size for testing the gate.
 *
 *   node --import tsx research/gate-noise/change-cost.ts --blocks 2 \
 *     --variant "reread-all=--reread-pages all" --variant "side-1536=--limit-side-len 1536"
 *
 * Prints one JSON line per block and variant; nothing is judged.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { GATE_DEFAULTS, gateImages, runInterleaved, type Arm } from '../../harness/gate/ab-gate.ts';
import { sameAs, prepareHead } from '../../harness/gate/ab-revisions.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { blocks: { type: 'string', default: '2' }, variant: { type: 'string', multiple: true, default: [] } } });
const head = await prepareHead(root, (s) => void process.stderr.write(s));
const variants = values.variant.map((v) => {
  const at = v.indexOf('=');
  return { name: v.slice(0, at), args: v.slice(at + 1).split(/\s+/).filter(Boolean) };
});
const arms: Arm[] = [{ config: { revision: sameAs(head), serverArgs: [] } }, ...variants.map((v) => ({ config: { revision: head, serverArgs: v.args }, lightOnly: true }))];
const settings = { ...GATE_DEFAULTS, blocks: Number(values.blocks) };
const done = await runInterleaved({
  arms,
  blocks: settings.blocks,
  settings,
  images: await gateImages(root, settings),
  logDir: path.join(root, 'reports/change-cost'),
  stop: new AbortController().signal,
  label: (a) => (a === 0 ? 'base' : variants[a - 1].name),
  write: (s) => void process.stderr.write(s),
});
for (const [b, block] of done.entries()) {
  for (const [k, v] of variants.entries()) {
    const [base, x] = [block[0].result.figures, block[k + 1].result.figures];
    console.log(JSON.stringify({ block: b + 1, variant: v.name, cpuRatio: +(x.cpuPerImage / base.cpuPerImage).toFixed(4), serviceRatio: +(x.serviceMean / base.serviceMean).toFixed(4), f1: [base.pageF1, x.pageF1] }));
  }
}
await head.cleanup();
