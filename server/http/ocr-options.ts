import type { OcrMode } from '../ocr/types.ts';
import { httpError } from '../api-errors.ts';
import { PROFILE_NAMES, type ProfileName } from '../ocr/profiles.ts';

export type Detail = 'text' | 'full';

export interface OcrRequestOptions {
  mode: OcrMode;
  /** Undefined leaves the engine's default. */
  cls?: boolean;
  /** `text` answers without per-line boxes; `full` (default) is the engine result as is. */
  detail: Detail;
  /** Engine operating point (server/ocr/profiles.ts); undefined is the server's --profile. */
  profile?: ProfileName;
}

const CHOICES = {
  mode: ['page', 'line'],
  cls: ['true', 'false', '1', '0'],
  detail: ['text', 'full'],
  profile: PROFILE_NAMES,
} as const;

/**
 * Reads mode/cls/detail/profile from query or form fields (strings). Unknown values are a 400 naming every
 * bad field at once; unknown field names are ignored so proxies and cache-busters do not break calls.
 */
export function parseOcrOptions(fields: Record<string, unknown>): OcrRequestOptions {
  const bad: string[] = [];
  const pick = <K extends keyof typeof CHOICES>(key: K): (typeof CHOICES)[K][number] | undefined => {
    const v = fields[key];
    if (v === undefined || v === '') return undefined;
    const s = typeof v === 'boolean' ? String(v) : v;
    if (typeof s === 'string' && (CHOICES[key] as readonly string[]).includes(s)) return s as (typeof CHOICES)[K][number];
    bad.push(`${key}=${JSON.stringify(v)} (expected ${CHOICES[key].join('|')})`);
    return undefined;
  };
  const mode = pick('mode') ?? 'page';
  const cls = pick('cls');
  const detail = pick('detail') ?? 'full';
  const profile = pick('profile');
  if (bad.length > 0) throw httpError('invalid_option', `invalid option value: ${bad.join(', ')}`);
  return { mode, cls: cls === undefined ? undefined : cls === 'true' || cls === '1', detail, ...(profile ? { profile } : {}) };
}
