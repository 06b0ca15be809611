import * as F from './fake.ts';
import type { FontRole } from './fonts.ts';
import * as P from './phrases.ts';
import type { Rng } from './rng.ts';

/** One labeled text segment on a row. Columns let receipts and invoices put fields side by side. */
export interface Cell {
  text: string;
  align?: 'left' | 'center' | 'right';
  /** Left edge (left-aligned) or right edge (right-aligned) as a fraction of the content width. */
  col?: number;
  /** Indent in em (paragraph first lines). */
  indent?: number;
  /** Font size relative to the page's base size. */
  scale?: number;
  bold?: boolean;
  role?: FontRole;
  /** Colour override (otherwise the page's ink colour). */
  color?: string;
  /** Set top to bottom at the page's left (col 0) or right (col 1) edge, outside the row flow. */
  vertical?: boolean;
}
/** A row of cells; an empty row is a drawn rule (receipt separator), which carries no label. */
export type Row = Cell[];

export const pageCategories = ['document', 'screenshot', 'receipt', 'invoice', 'ticket', 'sign', 'handwritten'] as const;
export type PageCategory = (typeof pageCategories)[number];

export interface ContentOptions {
  /** How many CJK characters fit across the content width at the base size. */
  charsPerLine: number;
  /** At most this many labeled segments (the sets ask for 5..25 per page). */
  maxCells: number;
}

const cjkWidth = (s: string) => Array.from(s).reduce((w, c) => w + (c.charCodeAt(0) < 0x2e80 ? 0.55 : 1), 0);

/** Breaks text into pieces of at most `width` CJK-character widths, at spaces when there are any. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  const tokens = text.match(/[A-Za-z0-9.,'%:/-]+ ?|./gu) ?? [];
  for (const t of tokens) {
    if (cur && cjkWidth(cur + t) > width) {
      out.push(cur.trim());
      cur = '';
    }
    cur += t;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const cells = (rows: Row[]) => rows.reduce((n, r) => n + r.length, 0);

/** Appends rows while the cell budget allows; returns false once a row no longer fits. */
function pushRows(rows: Row[], add: Row[], max: number): boolean {
  if (cells(rows) + cells(add) > max) return false;
  rows.push(...add);
  return true;
}

function documentRows(r: Rng, o: ContentOptions): Row[] {
  const rows: Row[] = [[{ text: r.pick(P.docTitles), align: 'center', scale: 1.4, bold: true }]];
  if (r.chance(0.5)) rows.push([{ text: `${r.pick(['文号', '编号', '日期'])}：${r.chance(0.5) ? F.date(r, '年') : `${r.pick(['办', '综', '财'])}字〔${r.int(2019, 2025)}〕${r.int(1, 99)}号`}`, align: 'right', scale: 0.9 }]);
  const list = r.chance(0.35);
  let n = 1;
  while (cells(rows) < o.maxCells) {
    let para = Array.from({ length: r.int(1, 3) }, () => r.pick(P.sentences)).join('');
    if (r.chance(0.25)) para += r.pick(P.englishSentences);
    if (r.chance(0.2)) para = para.replace(/系统|软件|平台|数据/u, (m) => `${m}（${r.pick(P.englishTerms)}）`);
    const prefix = list ? `${n++}. ` : '';
    const pieces = wrapText(prefix + para, o.charsPerLine - (list ? 0 : 2));
    const add = pieces.map((text, i): Row => [{ text, indent: !list && i === 0 ? 2 : 0 }]);
    if (!pushRows(rows, add, o.maxCells)) {
      if (cells(rows) < 5) pushRows(rows, add.slice(0, o.maxCells - cells(rows)), o.maxCells);
      break;
    }
    if (cells(rows) >= 5 && r.chance(0.3)) break;
  }
  // A page footer in small grey type, as printed documents carry.
  if (cells(rows) < o.maxCells && r.chance(0.5)) rows.push([{ text: `第${r.int(1, 3)}页 共${r.int(3, 9)}页`, align: 'center', scale: 0.7, color: 'muted' }]);
  return rows;
}

function screenshotRows(r: Rng, o: ContentOptions): Row[] {
  const rows: Row[] = [[{ text: F.time(r, false), align: 'left', scale: 0.8, bold: true }, { text: `${r.int(20, 100)}%`, align: 'right', scale: 0.8 }]];
  rows.push([{ text: r.pick(['设置', '个人中心', '我的订单', '消息通知', '账号管理']), align: 'center', scale: 1.2, bold: true }]);
  const labels = [...P.uiLabels];
  while (cells(rows) + 2 <= o.maxCells && labels.length) {
    const label = labels.splice(r.int(0, labels.length - 1), 1)[0];
    const value = r.pick([null, null, F.mobile(r).replace(/(\d{3})\d{4}(\d{4})/, '$1****$2'), `${r.int(1, 99)}条新消息`, `${(r.float(0.1, 900)).toFixed(1)}MB`, '已开启', '未设置', `v${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}`]);
    rows.push(value ? [{ text: label, col: 0.02 }, { text: value, align: 'right', col: 0.98, scale: 0.9, color: 'muted' }] : [{ text: label, col: 0.02 }]);
    if (cells(rows) >= 5 && r.chance(0.08)) break;
  }
  return rows;
}

function receiptRows(r: Rng, o: ContentOptions): Row[] {
  const shop = r.chance(0.5) ? `${r.pick(P.companyParts.brandWords)}${r.pick(P.shopTypes)}` : F.company(r, false);
  const rows: Row[] = [[{ text: shop, align: 'center', scale: 1.3, bold: true }]];
  if (r.chance(0.5)) rows.push([{ text: `（${r.pick(P.cities)}${r.pick(P.roads)}店）`, align: 'center' }]);
  for (const t of wrapText(`地址：${F.address(r)}`, o.charsPerLine)) rows.push([{ text: t }]);
  rows.push([{ text: `电话：${r.chance(0.5) ? F.landline(r) : F.mobile(r)}` }]);
  rows.push([{ text: `单号：${F.digits(r, r.int(10, 16))}` }]);
  rows.push([{ text: `日期：${F.date(r, r.pick(['-', '/'] as const))} ${F.time(r)}` }]);
  rows.push([]);
  rows.push([{ text: '商品名称' }, { text: '数量', col: 0.62, align: 'right' }, { text: '金额', align: 'right' }]);
  let total = 0;
  const footer = 4;
  while (cells(rows) + 3 + footer <= Math.max(o.maxCells, 18)) {
    const g = r.pick(P.goods);
    const q = r.int(1, g.unit === '斤' ? 3 : 4);
    const amount = F.price(r, g.min, g.max) * q;
    total += amount;
    rows.push([{ text: g.name }, { text: String(q), col: 0.62, align: 'right' }, { text: F.money(amount), align: 'right' }]);
    if (r.chance(0.15)) break;
  }
  rows.push([]);
  rows.push([{ text: '合计：', bold: true }, { text: `¥${F.money(total)}`, align: 'right', bold: true }]);
  rows.push([{ text: `支付方式：${r.pick(P.paymentMethods)}` }]);
  if (cells(rows) < o.maxCells) rows.push([{ text: r.pick(['谢谢惠顾，欢迎再次光临', '请妥善保管小票', 'Thank you for your purchase.']), align: 'center' }]);
  if (cells(rows) < o.maxCells && r.chance(0.5)) rows.push([{ text: r.pick(['本小票为购物凭证，凭小票七日内可退换', '发票请于当月内凭小票到服务台开具', `会员积分：${r.int(0, 9999)}`]), align: 'center', scale: 0.75, color: 'muted' }]);
  return rows;
}

function invoiceRows(r: Rng, o: ContentOptions): Row[] {
  const rows: Row[] = [[{ text: `${r.pick(P.cities)}增值税${r.pick(['普通', '电子普通', '专用'])}发票`, align: 'center', scale: 1.5, bold: true, color: 'accent' }]];
  rows.push([{ text: `发票代码：${F.digits(r, 12)}`, col: 0.55 }]);
  rows.push([{ text: `发票号码：${F.digits(r, 8)}`, col: 0.55 }]);
  rows.push([{ text: `开票日期：${F.date(r, '年')}`, col: 0.55 }]);
  rows.push([{ text: `购买方名称：${F.company(r)}` }]);
  rows.push([{ text: `纳税人识别号：${F.taxId(r)}` }]);
  rows.push([{ text: '货物或应税劳务名称' }, { text: '数量', col: 0.5, align: 'right' }, { text: '单价', col: 0.72, align: 'right' }, { text: '金额', align: 'right' }]);
  let total = 0;
  const footer = 5;
  while (cells(rows) + 4 + footer <= Math.max(o.maxCells, 20)) {
    const g = r.pick(P.goods);
    const q = r.int(1, 20);
    const unit = F.price(r, g.min, g.max);
    total += unit * q;
    rows.push([{ text: g.name }, { text: String(q), col: 0.5, align: 'right' }, { text: F.money(unit), col: 0.72, align: 'right' }, { text: F.money(unit * q), align: 'right' }]);
    if (r.chance(0.3)) break;
  }
  rows.push([{ text: '合计' }, { text: `¥${F.money(total)}`, align: 'right' }]);
  rows.push([{ text: `价税合计（大写）${F.moneyUpper(total)}` }]);
  rows.push([{ text: `销售方名称：${F.company(r)}` }]);
  if (cells(rows) < o.maxCells) rows.push([{ text: `开票人：${F.person(r)}`, col: 0.6 }]);
  return rows;
}

function ticketRows(r: Rng): Row[] {
  const [from, to] = [r.pick(P.ticketStations), r.pick(P.ticketStations.filter((s) => s !== P.ticketStations[0]))];
  const train = `${r.pick(['G', 'D', 'C', 'K', 'Z'])}${r.int(1, 2999)}`;
  const idMasked = `${F.digits(r, 10)}****${F.digits(r, 3)}${r.pick(['X', String(r.int(0, 9))])}`;
  return [
    [{ text: `${r.pick(['E', 'F', 'Z'])}${F.digits(r, 6)}`, color: 'accent' }, { text: `检票:${r.pick(['A', 'B'])}${r.int(1, 30)}`, align: 'right' }],
    [{ text: from === to ? P.ticketStations[0] : from, col: 0.05, scale: 1.6, bold: true }, { text: train, align: 'center', scale: 1.4, bold: true }, { text: to, align: 'right', col: 0.95, scale: 1.6, bold: true }],
    [{ text: P.stationPinyin[from === to ? P.ticketStations[0] : from], col: 0.05 }, { text: P.stationPinyin[to], align: 'right', col: 0.95 }],
    [{ text: `${F.date(r, '年')}${F.time(r, false)}开`, col: 0.05 }, { text: `${String(r.int(1, 16)).padStart(2, '0')}车${String(r.int(1, 20)).padStart(2, '0')}${r.pick(['A', 'B', 'C', 'D', 'F'])}号`, align: 'right', col: 0.95 }],
    [{ text: `¥${F.money(r.int(40, 900) + r.pick([0, 0.5]))}元`, col: 0.05 }, { text: r.pick(['二等座', '一等座', '商务座', '硬卧', '无座']), align: 'right', col: 0.95 }],
    [{ text: '限乘当日当次车', col: 0.05 }],
    [{ text: `${idMasked}${F.person(r)}`, col: 0.05 }],
    [{ text: '买票请到12306 发货请到95306', align: 'center', scale: 0.75 }],
  ];
}

function signRows(r: Rng): Row[] {
  if (r.chance(0.25)) {
    const pool = [...P.streetSigns];
    const items = Array.from({ length: r.int(5, 7) }, () => pool.splice(r.int(0, pool.length - 1), 1)[0]);
    return items.map((t) => [{ text: t, align: 'left' as const, scale: 1.3, bold: true, col: 0.08 }]);
  }
  const type = r.pick(P.shopTypes);
  const rows: Row[] = [[{ text: `${r.pick(P.companyParts.brandWords)}${type}`, align: 'center', scale: 2.6, bold: true }]];
  if (r.chance(0.8)) rows.push([{ text: P.shopEnglish[type], align: 'center', scale: 1.2, role: 'latin', bold: r.chance(0.5) }]);
  const extras = [r.pick(P.signSlogans), `${r.pick(['订餐电话', '咨询热线', '电话', 'TEL'])}：${F.mobile(r)}`, `地址：${F.address(r)}`, r.pick(P.signSlogans), `营业时间：${F.time(r, false)}-${F.time(r, false)}`];
  for (const t of extras.slice(0, Math.max(5 - rows.length, r.int(3, 5)))) rows.push([{ text: t, align: 'center', scale: r.pick([1, 1.1, 1.3]) }]);
  if (r.chance(0.35)) rows.push([{ text: r.pick(P.signSlogans.filter((s) => !/\s/.test(s) && Array.from(s).length <= 6)), vertical: true, col: r.pick([0, 1]), scale: r.pick([1.2, 1.5]), bold: true }]);
  return rows;
}

function handwrittenRows(r: Rng, o: ContentOptions): Row[] {
  const rows: Row[] = [[{ text: F.date(r, r.pick(['年', '/', '-'] as const)), align: 'right', col: 0.95 }]];
  rows.push([{ text: r.pick(['备忘', '购物清单', '会议记录', '待办事项', '学习笔记', '留言']), col: 0.05, scale: 1.2 }]);
  const max = Math.min(o.maxCells, r.int(5, 12));
  if (r.chance(0.6)) {
    const items = [...P.noteItems];
    for (let i = 1; cells(rows) < max && items.length; i++) rows.push([{ text: `${i}. ${items.splice(r.int(0, items.length - 1), 1)[0]}`, col: 0.05 }]);
  } else {
    const text = Array.from({ length: 3 }, () => r.pick(P.sentences)).join('');
    for (const t of wrapText(text, o.charsPerLine - 1)) if (cells(rows) < max) rows.push([{ text: t, col: 0.05 }]);
    if (cells(rows) < max) rows.push([{ text: `——${F.person(r)}`, align: 'right', col: 0.9 }]);
  }
  return rows;
}

/** The rows of text for one page of a category. Pure: the same rng state gives the same rows. */
export function writePage(category: PageCategory, r: Rng, o: ContentOptions): Row[] {
  switch (category) {
    case 'document': return documentRows(r, o);
    case 'screenshot': return screenshotRows(r, o);
    case 'receipt': return receiptRows(r, o);
    case 'invoice': return invoiceRows(r, o);
    case 'ticket': return ticketRows(r);
    case 'sign': return signRows(r);
    case 'handwritten': return handwrittenRows(r, o);
  }
}

/** Language tag as real-public uses it: `mixed` once any Latin word appears beside Chinese. */
export function detectLang(texts: string[]): 'zh' | 'en' | 'mixed' {
  const all = texts.join(' ');
  const zh = /\p{Script=Han}/u.test(all);
  const en = /[A-Za-z]{2,}/.test(all);
  return zh && en ? 'mixed' : zh ? 'zh' : 'en';
}
