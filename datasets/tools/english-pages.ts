/**
 * English-only synthetic pages (docs/results/2026-12-06-int8-quantization.md, "fourth attempt": the int8 recognizer's space class). The
 * committed generator's pages are Chinese with a few English sentences, so a dropped space between English
 * words barely shows there. These are document and screenshot pages of English prose (random sentences over a
 * small vocabulary, some numbers, the generator's English sentences), in the generator's styles, fonts and
 * degradations, labeled like its pages (lang en). Same seed, same machine kind: same files.
 * Run: node --import tsx datasets/tools/english-pages.ts <seed> <count> <dir>
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { wrapText, type Row } from '../generate/content.ts';
import { makePage } from '../generate/make-page.ts';
import { englishSentences } from '../generate/phrases.ts';
import { createRng, type Rng } from '../generate/rng.ts';

const WORDS = `the of and to in is for on with as by at from that this are be or an it was which we can data set each model page line text shot
type movie video frame scene image train test time first second after before between more most other into over under than when where while
report meeting room order price value total amount store policy return service customer quality project schedule system network user file
results table figure method approach large small new high low number sample label class word space character letter reading annotation
dataset collection analysis camera close medium long full extreme angle movement static motion push pull these those their our its about
read write open close save apply change update review submit include unless stated keep record ship deliver support contact office hours
daily weekly monthly annual budget account payment invoice receipt address phone email online login version release notes action items`.split(/\s+/).filter(Boolean);

function sentence(r: Rng): string {
  if (r.chance(0.15)) return r.pick(englishSentences);
  const n = r.int(5, 14);
  const w = Array.from({ length: n }, () => (r.chance(0.08) ? String(r.int(2, 9999)) + (r.chance(0.3) ? 'K' : '') : r.pick(WORDS)));
  w[0] = w[0][0].toUpperCase() + w[0].slice(1);
  if (r.chance(0.2)) w[r.int(1, n - 2)] += ',';
  return w.join(' ') + '.';
}

const [seed, count, dir] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
await rm(path.join(dir, 'images'), { recursive: true, force: true });
await mkdir(path.join(dir, 'images'), { recursive: true });
const items: string[] = [];
/** English prose in wrapped rows, a third of the pages in the Latin font role; at most 16 rows. */
function englishRows(r: Rng, charsPerLine: number): Row[] {
  const rows: Row[] = [];
  const latin = r.chance(0.3);
  while (rows.length < r.int(6, 14)) {
    const para = Array.from({ length: r.int(1, 3) }, () => sentence(r)).join(' ');
    for (const text of wrapText(para, charsPerLine)) rows.push([{ text, ...(latin ? { role: 'latin' as const } : {}) }]);
  }
  return rows.slice(0, 16);
}

for (let i = 0; i < count; i++) {
  const r = createRng(seed, `english-pages/${i}`);
  const category = r.chance(0.7) ? 'document' : 'screenshot';
  const page = await makePage(category, r, { write: englishRows });
  const id = `${String(i).padStart(4, '0')}-${category}`;
  const file = `images/${id}.${page.ext}`;
  await writeFile(path.join(dir, file), page.bytes);
  items.push(JSON.stringify({ id, file, ...page.item }));
}
await writeFile(path.join(dir, 'manifest.jsonl'), items.join('\n') + '\n');
console.log(`wrote ${count} English pages to ${dir}`);
