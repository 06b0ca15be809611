import type { PageCategory } from './content.ts';
import { fontFamilies, type FontRole } from './fonts.ts';
import type { Rng } from './rng.ts';

/** How a page looks before degradation: size, type, colours, background. Pure given the rng. */
export interface PageStyle {
  width: number;
  /** Minimum height; the layout grows the page to fit its rows (receipts are as long as their items). */
  minHeight: number;
  marginX: number;
  marginY: number;
  /** Base font size in px and the line pitch as a multiple of it. */
  size: number;
  pitch: number;
  /** Font family for body text and for bold titles. */
  family: string;
  titleFamily: string;
  ink: string;
  muted: string;
  accent: string;
  background: { kind: 'plain' | 'lined' | 'gradient'; color: string; color2?: string; lineColor?: string };
  /** Per-line wobble in degrees (handwriting). */
  wobble: number;
  /** Centre the block of rows vertically (signs fill their board). */
  centerVertically?: boolean;
  /**
   * Non-text marks real pages carry and detectors must ignore or read through: a barcode or QR
   * block under the text, an invoice's table grid, a red seal stamped over text, a logo, wires or branches across a shop sign.
   */
  decor: Decor[];
}

export type Decor = 'barcode' | 'qr' | 'grid' | 'stamp' | 'logo' | 'wires';

const family = (r: Rng, role: FontRole) => r.pick(fontFamilies[role]);
const decor = (r: Rng, odds: Partial<Record<Decor, number>>) => (Object.keys(odds) as Decor[]).filter((k) => r.chance(odds[k]!));
const grey = (v: number) => `#${Math.round(v).toString(16).padStart(2, '0').repeat(3)}`;

/** Sign palettes: background, second gradient stop, ink. High contrast, as on real shop fronts. */
const signPalettes: [string, string, string][] = [
  ['#c8102e', '#a00d25', '#ffffff'], ['#c8102e', '#b00f28', '#ffd700'], ['#0b4ea2', '#083b7a', '#ffffff'], ['#0a7d3b', '#086030', '#ffffff'],
  ['#ffd400', '#f2c200', '#1a1a1a'], ['#1a1a1a', '#333333', '#ffffff'], ['#f5f5f0', '#e6e6dc', '#b3001b'], ['#6b3e26', '#55301d', '#f7e7c4'],
];

const odds: Record<PageCategory, Partial<Record<Decor, number>>> = {
  document: { logo: 0.25, stamp: 0.15 },
  screenshot: {},
  receipt: { barcode: 0.5, qr: 0.3, stamp: 0.1 },
  invoice: { grid: 0.8, stamp: 0.7, qr: 0.3 },
  ticket: { qr: 0.8 },
  sign: { logo: 0.4, wires: 0.5 },
  handwritten: {},
};

export function stylePage(category: PageCategory, r: Rng): PageStyle {
  const paper = grey(r.int(236, 255));
  const darkInk = grey(r.int(0, 60));
  const base = { marginX: r.int(30, 70), marginY: r.int(30, 60), pitch: r.float(1.45, 1.9), wobble: 0, muted: '#777777', accent: '#b22222', decor: decor(r, odds[category]) };
  switch (category) {
    case 'document': {
      const f = family(r, r.pick(['serif', 'sans', 'serif'] as const));
      const width = r.int(800, 1240);
      return { ...base, width, minHeight: Math.round(width * r.float(0.4, 1.4)), size: r.int(22, 30), family: f, titleFamily: f, ink: darkInk, background: { kind: 'plain', color: paper } };
    }
    case 'screenshot': {
      const dark = r.chance(0.25);
      return {
        ...base, marginX: r.int(24, 40), pitch: r.float(2.0, 2.6), width: r.int(720, 1080), minHeight: 0, size: r.int(26, 34),
        family: family(r, 'sans'), titleFamily: family(r, 'sans'), ink: dark ? '#e8e8e8' : '#1f1f1f', muted: dark ? '#9a9a9a' : '#888888',
        background: { kind: 'plain', color: dark ? '#121212' : r.pick(['#ffffff', '#f7f7f7', '#f2f2f7']) },
      };
    }
    case 'receipt':
      return { ...base, marginX: r.int(24, 40), pitch: r.float(1.35, 1.7), width: r.int(560, 720), minHeight: r.int(760, 1000), size: r.int(20, 26), family: family(r, 'mono'), titleFamily: family(r, 'sans'), ink: grey(r.int(20, 90)), background: { kind: 'plain', color: grey(r.int(238, 252)) } };
    case 'invoice':
      return { ...base, width: r.int(1100, 1400), minHeight: 0, size: r.int(22, 28), family: family(r, r.pick(['serif', 'sans'] as const)), titleFamily: family(r, 'serif'), ink: r.pick([darkInk, '#1f3a6b', '#3a2a1a']), accent: r.pick(['#8b1a1a', '#a0522d', '#b22222']), background: { kind: 'plain', color: r.pick([paper, '#f3f7ef', '#fbf6ec']) } };
    case 'ticket': {
      const color = r.pick(['#dbe9f6', '#f4d9df', '#e3f0e0', '#f2f2f2']);
      return { ...base, width: r.int(1000, 1200), minHeight: r.int(560, 660), size: r.int(24, 30), family: family(r, 'sans'), titleFamily: family(r, 'sans'), ink: darkInk, accent: '#c8102e', background: { kind: 'gradient', color, color2: '#ffffff' } };
    }
    case 'sign': {
      const [bg, bg2, ink] = r.pick(signPalettes);
      return { ...base, marginX: r.int(40, 90), marginY: r.int(40, 80), pitch: r.float(1.5, 1.9), width: r.int(1000, 1400), minHeight: r.int(500, 750), size: r.int(30, 40), centerVertically: true, family: family(r, r.pick(['sans', 'sans', 'serif'] as const)), titleFamily: family(r, r.pick(['sans', 'serif', 'kai'] as const)), ink, background: { kind: 'gradient', color: bg, color2: bg2 } };
    }
    case 'handwritten':
      return {
        ...base, marginX: r.int(50, 90), pitch: r.float(1.8, 2.3), width: r.int(800, 1100), minHeight: r.int(700, 900), size: r.int(30, 40), family: family(r, 'kai'), titleFamily: family(r, 'kai'),
        ink: r.pick(['#1b2a6b', '#0f1f4f', '#222222', '#2b2b2b']), wobble: r.float(0.6, 2), background: { kind: 'lined', color: r.pick(['#fbfaf3', '#fffef7', '#f6f3e6']), lineColor: r.pick(['#a9c4e4', '#c9d7e8', '#d8c9b0']) },
      };
  }
}
