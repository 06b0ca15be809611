/**
 * How often a printed `×` between digits is read as a letter, and how often a letter printed between digits
 * is turned into `×`, for each `recTimesSignMinP` (reading-fixes.ts fixTimesSign). Lines are rendered here
 * (the generator's corpora hold no sums), in two renderings that share no font or text: `tune`, on which
 * the default was chosen, and `confirm`, smaller and larger, blurred and JPEG-compressed.
 *
 *   node --import tsx research/accuracy/times-sign-study.ts [--thresholds 0,0.1,0.15,0.2,0.3]
 */
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { renderText } from '../../datasets/generate/render-text.ts';
import { createEngine } from '../../server/ocr/engine.ts';

interface Rendering {
  fonts: string[];
  sizes: number[];
  /** Lines whose `×` must come back as `×`. */
  sums: string[];
  /** Lines whose `X`/`x` are letters and must stay so. */
  letters: string[];
  degrade: boolean;
}

const RENDERINGS: Record<'tune' | 'confirm', Rendering> = {
  tune: {
    fonts: ['Noto Sans CJK SC', 'Noto Serif CJK SC', 'WenQuanYi Zen Hei', 'AR PL UMing CN', 'DejaVu Sans', 'Liberation Serif', 'Lato', 'DejaVu Sans Mono'],
    sizes: [20, 30],
    sums: ['0.8×25=', '2.97×3.8=', '7×8=56', '1.25×8=10', '3.6×0.5=', '12×12=144', '计算：4×6=', '0×4.23=', '(2+3)×4=20', '8×(5-2)=24', '面积=6×4=24平方米', '45×2=90'],
    letters: ['3x4=12', '0x1F=31', 'int a=0x10;', '2x+3x=10', 'Size 4x6 = 10x15cm', '2X3=6', '3X+5=20', '20X30cm', '91330106MA2X0X3D4X', 'X=12', 'Size 4X6 = 10x15cm', '2X4=8', '型号：KX-3X5'],
    degrade: false,
  },
  confirm: {
    fonts: ['AR PL UKai CN', 'Liberation Sans', 'DejaVu Serif', 'Liberation Mono', 'Noto Sans Mono CJK SC', 'AR PL KaitiM GB', 'Noto Sans CJK JP'],
    sizes: [16, 24, 36],
    sums: ['3.5×4=', '9×9=81', '0.25×40=10', '6×7=42', '15×0.2=', '1.8×5=9', '口算：7×6=', '100×0.01=1', '4.5×2=', '72×3=', '长方形：8×5=40'],
    letters: ['5X10=50', 'LX-200=2', '110101199003070X', 'ID 3X7B=12', '1920x1080', 'w=10x20', '0x0A=10', 'size: 8X10', 'A3X4=', '9x9 grid=81 cells', '4x4=16'],
    degrade: true,
  },
};

/** One line on white with a margin, by the dataset generator's own text renderer (Pango). */
async function render(text: string, family: string, sizePx: number, degrade: boolean): Promise<Uint8Array> {
  const t = await renderText(text, { family, sizePx, color: '#000000' });
  const m = Math.round(sizePx * 0.3);
  const img = sharp(t.png).extend({ top: m, bottom: m, left: m, right: m, background: '#ffffff' }).flatten({ background: '#ffffff' });
  return new Uint8Array(degrade ? await img.blur(0.6).jpeg({ quality: 55 }).toBuffer() : await img.png().toBuffer());
}

/** The multiplication signs and X/x of a text, in order: the only characters this study scores. */
const signs = (s: string) => s.replace(/[^×Xx]/g, '');

const { values } = parseArgs({ options: { thresholds: { type: 'string', default: '0,0.1,0.15,0.2,0.3' } } });
const thresholds = values.thresholds!.split(',').map(Number);
if (thresholds.some((t) => !(t >= 0 && t <= 1))) {
  console.error(`--thresholds: want probabilities from 0 to 1, got "${values.thresholds}"`);
  process.exit(2);
}

console.log('| rendering | recTimesSignMinP | sums read with × | letters kept |');
console.log('|---|---|---|---|');
for (const [name, r] of Object.entries(RENDERINGS)) {
  const images: { text: string; sum: boolean; bytes: Uint8Array }[] = [];
  for (const font of r.fonts) for (const size of r.sizes) {
    for (const text of r.sums) images.push({ text, sum: true, bytes: await render(text, font, size, r.degrade) });
    for (const text of r.letters) images.push({ text, sum: false, bytes: await render(text, font, size, r.degrade) });
  }
  for (const t of thresholds) {
    const engine = await createEngine({ recTimesSignMinP: t });
    const n = { sums: 0, sumsOk: 0, letters: 0, lettersOk: 0 };
    for (const im of images) {
      const got = (await engine.recognize(im.bytes, { mode: 'line' })).text;
      const ok = signs(got) === signs(im.text);
      if (im.sum) (n.sums++, ok && n.sumsOk++);
      else (n.letters++, ok && n.lettersOk++);
    }
    await engine.close();
    console.log(`| ${name} | ${t} | ${n.sumsOk} / ${n.sums} | ${n.lettersOk} / ${n.letters} |`);
  }
}
