import type { Rng } from './rng.ts';
import * as P from './phrases.ts';

/** Small composers of realistic field values (names, companies, dates, money). Pure given the rng. */

export const person = (r: Rng) => r.pick(P.surnames) + r.pick(P.givenNames);
export const company = (r: Rng, city = true) =>
  (city ? r.pick(P.cities) : '') + r.pick(P.companyParts.brandWords) + r.pick(P.companyParts.industries) + r.pick(P.companyParts.companySuffixes);
export const address = (r: Rng) => `${r.pick(P.cities)}市${r.pick(P.districts)}${r.pick(P.roads)}${r.int(1, 999)}号`;
export const mobile = (r: Rng) => `1${r.pick(['3', '5', '7', '8', '9'])}${digits(r, 9)}`;
export const landline = (r: Rng) => `0${r.int(10, 29)}-${digits(r, 8)}`;
export const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');
const alnum = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Unified social credit code: 18 characters, digits and upper-case letters. */
export const taxId = (r: Rng) => `91${r.int(11, 65)}${digits(r, 4)}${Array.from({ length: 10 }, () => alnum[r.int(0, alnum.length - 1)]).join('')}`;
const pad = (n: number) => String(n).padStart(2, '0');
export const date = (r: Rng, sep: '-' | '/' | '年' = '-') => {
  const [y, m, d] = [r.int(2019, 2025), r.int(1, 12), r.int(1, 28)];
  return sep === '年' ? `${y}年${pad(m)}月${pad(d)}日` : [y, pad(m), pad(d)].join(sep);
};
export const time = (r: Rng, seconds = true) => `${pad(r.int(7, 22))}:${pad(r.int(0, 59))}${seconds ? `:${pad(r.int(0, 59))}` : ''}`;
export const money = (n: number) => n.toFixed(2);
/** A price drawn in a range, rounded to a plausible retail step. */
export const price = (r: Rng, min: number, max: number) => Math.round(r.float(min, max) * 2) / 2;

/** Chinese upper-case amount as on VAT invoices (价税合计大写), for whole yuan and jiao/fen. */
export function moneyUpper(n: number): string {
  const digitsZh = '零壹贰叁肆伍陆柒捌玖';
  const units = ['', '拾', '佰', '仟', '万', '拾', '佰', '仟'];
  const yuan = Math.floor(n);
  const cents = Math.round((n - yuan) * 100);
  let out = '';
  const s = String(yuan);
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    const u = units[s.length - 1 - i];
    if (d === 0) {
      if (u === '万') out += '万';
      else if (!out.endsWith('零') && i < s.length - 1) out += '零';
    } else out += digitsZh[d] + u;
  }
  out = out.replace(/零+万/, '万').replace(/零+$/, '') || '零';
  out += '圆';
  const [jiao, fen] = [Math.floor(cents / 10), cents % 10];
  if (!cents) return out + '整';
  return out + (jiao ? `${digitsZh[jiao]}角` : '零') + (fen ? `${digitsZh[fen]}分` : '');
}
