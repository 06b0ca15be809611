/**
 * Compares 0°/180° rules offline on orientation-study.ts output, for each set as given and turned 180°:
 *   npx tsx research/accuracy/orientation-rules.ts reports/orientation-<set>.json [...]
 * A rule sees what the engine sees (the classifier's probability, both readings when it asks for the
 * second one) and picks one reading per line. Reported per rule: line CER and page F1 upright and
 * turned, lines read worse than cls=false reads them ("bad flips"), turned lines read as well as
 * upright, and how often the second recognizer run is paid.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_FLIP_RULE as R } from '../../server/ocr/orientation/rule.ts';
import { editDistance, scorePage } from '../../harness/accuracy/metrics.ts';
import { normalizeText } from '../../harness/accuracy/normalize.ts';
import type { StudyItem, StudyLine } from './orientation-study.ts';

interface Reading {
  text: string;
  confidence: number;
}
/** Given the line as it arrives (`a`, P(upside down) `p`) and, lazily, its 180° turn: which reading to keep. */
type Rule = (a: Reading, p: number, other: () => Reading) => Reading;

const rules: Record<string, Rule> = {
  'cls=false': (a) => a,
  'cls 0.9 verdict (old)': (a, p, o) => (p >= 0.9 ? o() : a),
};
for (const t of [0.5, 0.7, 0.9, 0.95, 0.99]) {
  for (const m of [0, 0.02, 0.05]) rules[`check p>=${t} margin ${m}`] = (a, p, o) => (p >= t && o().confidence > a.confidence + m ? o() : a);
}
for (const sure of [0.05, 0.1, 0.2]) {
  rules[`check p>=0.5 or (p>=${sure} and conf<0.9) m0.05`] = (a, p, o) => ((p >= 0.5 || (p >= sure && a.confidence < 0.9)) && o().confidence > a.confidence + 0.05 ? o() : a);
}
// What readLinesChecked does with the engine's default rule.
const engineRule =
  (classifyBelow: number): Rule =>
  (a, p, o) =>
    a.confidence < classifyBelow && (p >= R.clsThreshold || (p >= R.sureUpright && a.confidence < R.checkBelow)) && o().confidence > a.confidence + R.minGain ? o() : a;
rules['engine default'] = engineRule(R.classifyBelow);
// The same with the classifier on every line (before classifyBelow) and with it below 0.9 / 0.99.
for (const below of [Infinity, 0.9, 0.99]) rules[`engine, cls below conf ${below}`] = engineRule(below);
rules['both ways always'] = (a, _p, o) => (o().confidence > a.confidence ? o() : a);
for (const t of [0.5, 0.9]) {
  for (const c of [0.8, 0.9, 0.95]) {
    for (const m of [0, 0.02, 0.05]) rules[`check p>=${t} or conf<${c} m${m}`] = (a, p, o) => ((p >= t || a.confidence < c) && o().confidence > a.confidence + m ? o() : a);
  }
}

const norm = (s: string) => normalizeText(s, 'remove');
const edits = (got: string, want: string) => editDistance(norm(got), norm(want));

function apply(rule: Rule, l: StudyLine, turned: boolean): { r: Reading; second: boolean } {
  const [a, b, p] = turned ? [l.dn, l.up, l.pDn] : [l.up, l.dn, l.pUp];
  let second = false;
  const r = rule(a, p, () => ((second = true), b));
  return { r, second };
}

for (const file of process.argv.slice(2)) {
  const { dataset, items } = JSON.parse(await readFile(file, 'utf8')) as { dataset: string; items: StudyItem[] };
  const lineItems = items.filter((i) => i.kind === 'line');
  const pageItems = items.filter((i) => i.kind === 'page');
  const pageLines = pageItems.reduce((s, i) => s + i.lines.length, 0);
  console.log(`\n${dataset}: ${lineItems.length} line items, ${pageItems.length} pages (${pageLines} detected lines)`);
  if (lineItems.length) {
    const below = (turned: boolean) => lineItems.filter((i) => (turned ? i.lines[0].dn : i.lines[0].up).confidence < R.classifyBelow).length;
    const pct = (k: number) => ((k / lineItems.length) * 100).toFixed(1);
    console.log(`line mode runs the classifier (confidence below ${R.classifyBelow}) on ${pct(below(false))}% of upright lines, ${pct(below(true))}% turned`);
  }
  const base = rules['cls=false'];
  for (const [name, rule] of Object.entries(rules)) {
    const out: string[] = [name.padEnd(26)];
    if (lineItems.length) {
      let ref = 0, eUp = 0, eDn = 0, bad = 0, asWell = 0, seconds = 0;
      for (const it of lineItems) {
        const want = it.expected[0];
        ref += [...norm(want)].length;
        const up = apply(rule, it.lines[0], false);
        const dn = apply(rule, it.lines[0], true);
        const e0 = edits(apply(base, it.lines[0], false).r.text, want);
        const eu = edits(up.r.text, want);
        const ed = edits(dn.r.text, want);
        eUp += eu;
        eDn += ed;
        if (eu > e0) bad++;
        if (ed <= eu) asWell++;
        if (up.second) seconds++;
      }
      const n = lineItems.length;
      out.push(`lines CER ${((eUp / ref) * 100).toFixed(2)}% turned ${((eDn / ref) * 100).toFixed(2)}% bad flips ${bad} turned-as-well ${((asWell / n) * 100).toFixed(1)}% 2nd-run ${((seconds / n) * 100).toFixed(1)}%`);
    }
    if (pageItems.length) {
      let f1Up = 0, f1Dn = 0, badLines = 0, seconds = 0;
      for (const it of pageItems) {
        const up = it.lines.map((l) => apply(rule, l, false));
        const dn = it.lines.map((l) => apply(rule, l, true));
        f1Up += scorePage(up.map((x) => x.r.text.trim()).filter(Boolean), it.expected).f1;
        f1Dn += scorePage(dn.map((x) => x.r.text.trim()).filter(Boolean), it.expected).f1;
        seconds += up.filter((x) => x.second).length;
        badLines += it.lines.filter((l, i) => up[i].r.text !== l.up.text).length;
      }
      const n = pageItems.length;
      out.push(`pages F1 ${(f1Up / n).toFixed(4)} turned ${(f1Dn / n).toFixed(4)} lines changed ${badLines} 2nd-run ${((seconds / pageLines) * 100).toFixed(1)}%`);
    }
    console.log(out.join('  '));
  }
}
