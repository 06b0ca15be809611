import type { EngineOptions } from './engine-api.ts';

/**
 * Named operating points of the engine. `accurate` is ENGINE_DEFAULTS as they are (engine.ts); `fast`
 * changes only the options below, chosen on fresh synthetic sets and confirmed on others and on
 * real-public: the measurements and why each lever is in or out are in docs/decisions/fast-profile.md.
 */
export const PROFILE_NAMES = ['accurate', 'fast'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export type ProfileOptions = Pick<EngineOptions, 'precision' | 'limitSideLen' | 'recMinWidth' | 'recRereadBelow' | 'recRereadPages' | 'recBatchSize'> & {
  defaults?: EngineOptions['defaults'];
};

export const PROFILES: Record<ProfileName, ProfileOptions> = {
  accurate: {},
  fast: {
    precision: 'int8',
    limitSideLen: 960,
    recRereadBelow: 0,
    recRereadPages: 'off',
    defaults: { mode: 'page', cls: false },
  },
};

export const DEFAULT_PROFILE: ProfileName = 'accurate';

export function isProfileName(s: unknown): s is ProfileName {
  return typeof s === 'string' && (PROFILE_NAMES as readonly string[]).includes(s);
}
