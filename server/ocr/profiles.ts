import type { EngineOptions } from './engine-api.ts';

/**
 * Named operating points of the engine. `accurate` is ENGINE_DEFAULTS as they are (engine.ts); `fast`
 * changes only the options below, chosen on fresh synthetic sets and confirmed on others and on
 * real-public: the measurements and why each lever is in or out are in docs/decisions/fast-profile.md.
 */
export const PROFILE_NAMES = ['accurate', 'fast'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export type ProfileOptions = Pick<EngineOptions, 'precision' | 'lineRecPrecision' | 'limitSideLen' | 'recMinWidth' | 'recRereadBelow' | 'recRereadPages' | 'recBatchSize'> & {
  defaults?: EngineOptions['defaults'];
};

export const PROFILES: Record<ProfileName, ProfileOptions> = {
  accurate: {},
  fast: {
    // The int8 twins of det and rec: faster, at the cost of some English word gaps; the classifier's twin is
    // slower than its fp32 file, so it stays fp32 (int8-precision.md).
    precision: { det: 'int8', cls: 'fp32', rec: 'int8' },
    // Line mode keeps the fp32 recognizer: int8 cost lines more CER than pages F1, and lines are where
    // ppu-paddle-ocr reads well (fast-profile.md).
    lineRecPrecision: 'fp32',
    // PaddleOCR's own detector limit; pages up to 960 px are read as they are in both profiles.
    limitSideLen: 960,
    // Short lines padded to 160 px, not 320: the recognizer's cost grows with width.
    recMinWidth: 160,
    // No second look on pages; in line mode it stays (recRereadBelow as ENGINE_DEFAULTS): cheap there.
    recRereadPages: 'off',
    // The classifier and page-orientation step only in line mode, where they cost ~1% of a line.
    defaults: { mode: 'page', cls: 'auto' },
  },
};

export const DEFAULT_PROFILE: ProfileName = 'accurate';

export function isProfileName(s: unknown): s is ProfileName {
  return typeof s === 'string' && (PROFILE_NAMES as readonly string[]).includes(s);
}
