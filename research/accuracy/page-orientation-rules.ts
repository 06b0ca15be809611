/**
 * Replays page-orientation rules (server/ocr/orientation/page.ts orientPage, the engine's own code) on
 * page-orientation-study.ts output, for each set as given and turned 90°, 180° and 270°:
 *   npx tsx research/accuracy/page-orientation-rules.ts reports/page-orientation-<set>.json [...]
 * Per rule and version: mean page F1, pages left in a wrong orientation, and extra readings paid.
 */
import { readFile } from 'node:fs/promises';
import { orientPage, type TurnedReading } from '../../server/ocr/orientation/page.ts';
import { DEFAULT_FLIP_RULE, type FlipRule } from '../../server/ocr/orientation/rule.ts';
import type { Turn } from '../../server/ocr/orientation/turn.ts';
import type { PageStudyItem } from './page-orientation-study.ts';

const variants: Record<string, FlipRule> = { 'engine default': DEFAULT_FLIP_RULE };
const grid: [FlipRule['quarterWhenDoubted'], number][] = [['never', Infinity], ['vote', Infinity], ['vote', 1.5], ['vote', 2], ['vote', 3], ['any', 2]];
for (const [when, ratio] of grid) {
  variants[`quarter turns when still doubted: ${when}; a quarter turn wins on score ratio ${ratio}`] = { ...DEFAULT_FLIP_RULE, quarterWhenDoubted: when, quarterScoreRatio: ratio };
}

interface Outcome {
  f1: number;
  wrong: number;
  extraReads: number;
}

async function replay(item: PageStudyItem, version: Turn, rule: FlipRule): Promise<{ f1: number; wrong: boolean; reads: number }> {
  let reads = 0;
  const read = async (turn: Turn): Promise<TurnedReading> => {
    reads++;
    const r = item.readings[((version + turn) % 360) / 90];
    return { quads: [], texts: r.texts, rotation: turn, linesReadTwice: 0, vote: r.vote, vertical: r.vertical };
  };
  const chosen = await orientPage(read, rule);
  const upright = item.readings[((version + chosen.rotation) % 360) / 90];
  return { f1: upright.f1, wrong: (version + chosen.rotation) % 360 !== 0, reads: reads - 1 };
}

for (const file of process.argv.slice(2)) {
  const { dataset, items } = JSON.parse(await readFile(file, 'utf8')) as { dataset: string; items: PageStudyItem[] };
  const best = items.reduce((s, i) => s + i.readings[0].f1, 0) / items.length;
  console.log(`\n${dataset}: ${items.length} pages; read upright every time, mean F1 ${best.toFixed(4)}`);
  console.log('| rule | as given | turned 90° | turned 180° | turned 270° | pages wrong (0/90/180/270) | extra readings a page |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, rule] of Object.entries(variants)) {
    const per: Outcome[] = [];
    for (const version of [0, 90, 180, 270] as Turn[]) {
      const o = await Promise.all(items.map((i) => replay(i, version, rule)));
      per.push({ f1: o.reduce((s, x) => s + x.f1, 0) / o.length, wrong: o.filter((x) => x.wrong).length, extraReads: o.reduce((s, x) => s + x.reads, 0) / o.length });
    }
    const cells = per.map((p) => p.f1.toFixed(4));
    console.log(`| ${name} | ${cells.join(' | ')} | ${per.map((p) => p.wrong).join('/')} | ${per.map((p) => p.extraReads.toFixed(2)).join('/')} |`);
  }
  // The pages a rule still gets wrong, to read them.
  for (const version of [0, 90, 180, 270] as Turn[]) {
    for (const item of items) {
      const r = await replay(item, version, DEFAULT_FLIP_RULE);
      if (r.wrong) {
        const rs = item.readings.map((x) => `${x.turn}: F1 ${x.f1.toFixed(2)} vote ${x.vote.toFixed(2)}${x.vertical ? ' vertical' : ''} boxes ${x.boxes}`);
        console.log(`  default wrong on ${item.id} turned ${version}°: upright-relative readings ${rs.join('; ')}`);
      }
    }
  }
}
