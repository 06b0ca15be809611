import type { PageCategory } from './content.ts';
import type { Rng } from './rng.ts';

/** Everything done to a clean render, drawn per image from a seeded distribution. */
export interface Degradation {
  rotateDeg: number;
  /** Projective tilt coefficients (0 = none); ~1e-4 is a mild phone-camera tilt on a 1000 px page. */
  px: number;
  py: number;
  /** Target long side in px after warping (the page is scaled to it). */
  longSide: number;
  blurSigma: number;
  noiseSigma: number;
  /** Multiplies the distance of every value from mid-grey (1 = unchanged, 0.5 = washed out). */
  contrast: number;
  /** Strength of a linear light falloff across the image (0 = even). */
  lighting: number;
  lightingAngle: number;
  format: 'png' | 'jpeg';
  quality: number;
  /** Colour around a tilted page (the table it was photographed on). */
  surround: [number, number, number];
}

const sign = (r: Rng) => (r.chance(0.5) ? -1 : 1);
const surfaces: [number, number, number][] = [[96, 84, 72], [150, 120, 90], [60, 60, 64], [200, 200, 196], [120, 110, 100]];

/** A photograph of a paper or a sign: rotation ±2–15°, tilt, uneven light, blur, noise, JPEG. */
function photo(r: Rng, maxRot: number, longSide: [number, number], allowBad = true): Degradation {
  const rotate = r.chance(0.55);
  // About one photo in eight is a bad one (shaky, dim, heavily compressed), as in any real upload stream.
  const bad = r.chance(0.12) && allowBad;
  const base: Degradation = {
    rotateDeg: rotate ? sign(r) * r.float(2, maxRot) : r.float(-1, 1),
    px: r.chance(0.5) ? sign(r) * r.float(0.5e-4, 2.5e-4) : 0,
    py: r.chance(0.5) ? sign(r) * r.float(0.5e-4, 2e-4) : 0,
    longSide: r.int(...longSide),
    blurSigma: r.chance(0.5) ? r.float(0.5, 1.8) : 0,
    noiseSigma: r.chance(0.65) ? r.float(3, 12) : 0,
    contrast: r.chance(0.35) ? r.float(0.4, 0.8) : 1,
    lighting: r.chance(0.6) ? r.float(0.15, 0.55) : 0,
    lightingAngle: r.float(0, 360),
    format: 'jpeg',
    quality: r.int(30, 85),
    surround: r.pick(surfaces),
  };
  return bad ? { ...base, blurSigma: r.float(1.2, 2.1), noiseSigma: r.float(6, 13), contrast: r.float(0.38, 0.6), quality: r.int(18, 35) } : base;
}

/** A flatbed scan or a clean export: tiny skew, mild noise, PNG or high-quality JPEG. */
function scan(r: Rng, longSide: [number, number], skew = true): Degradation {
  const png = r.chance(0.6);
  return {
    rotateDeg: skew && r.chance(0.5) ? r.float(-1.5, 1.5) : 0, px: 0, py: 0,
    longSide: r.int(...longSide),
    blurSigma: r.chance(0.25) ? r.float(0.4, 0.8) : 0,
    noiseSigma: !png && r.chance(0.3) ? r.float(1, 4) : 0,
    contrast: r.chance(0.2) ? r.float(0.6, 0.85) : 1,
    lighting: 0, lightingAngle: 0,
    format: png ? 'png' : 'jpeg', quality: r.int(70, 92),
    surround: [255, 255, 255],
  };
}

export function planPageDegradation(category: PageCategory, r: Rng): Degradation {
  switch (category) {
    case 'screenshot': return { ...scan(r, [700, 1400], false), blurSigma: 0, contrast: 1 };
    case 'document': return r.chance(0.5) ? scan(r, [700, 1600]) : photo(r, 10, [700, 1600]);
    case 'receipt': return photo(r, 15, [700, 1400]);
    case 'invoice': return r.chance(0.3) ? scan(r, [800, 1600]) : photo(r, 12, [800, 1600]);
    case 'ticket': return photo(r, 12, [700, 1300]);
    case 'sign': return photo(r, 8, [600, 1400]);
    case 'handwritten': return photo(r, 12, [600, 1300]);
  }
}

/** Single-line crops: the detector already deskewed them, so only small residual rotation and tilt. */
export function planLineDegradation(r: Rng, photographic: boolean, textHeight: number): Degradation {
  const base = photographic ? photo(r, 3, [0, 0]) : scan(r, [0, 0]);
  // A crop is a few dozen pixels high: what blurs a page's detail away erases a line outright, so
  // lines take the milder end of the page ranges.
  return {
    ...base,
    // Blur in proportion to the text: sigma 1 on a 16 px line is what sigma 4 is on a 64 px one.
    blurSigma: Math.min(base.blurSigma, 1.1, textHeight / 40),
    noiseSigma: Math.min(base.noiseSigma, 8),
    contrast: Math.max(base.contrast, 0.5),
    quality: Math.max(base.quality, 45),
    rotateDeg: r.chance(0.3) ? sign(r) * r.float(0.5, 3) : 0,
    px: photographic && r.chance(0.2) ? sign(r) * r.float(1e-4, 4e-4) : 0,
    py: 0,
    longSide: 0,
    lighting: base.lighting * 0.6,
  };
}
