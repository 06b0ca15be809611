/** Number and text formatting shared by every renderer, so a figure reads the same everywhere. */

const MIB = 1024 * 1024;

export function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

/** A latency percentile: null means the harness judged the samples insufficient. */
export function fmtPercentile(v: number | null | undefined, insufficient: boolean): string {
  return insufficient ? 'insufficient samples' : fmtMs(v);
}

export function fmtRate(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return `${(v * 100).toFixed(digits)}%`;
}

export function fmtNum(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return v.toFixed(digits);
}

export function fmtMiB(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return 'n/a';
  return `${Math.round(bytes / MIB)} MiB`;
}

export function fmtCpu(pctOfCore: number | null | undefined): string {
  if (pctOfCore === null || pctOfCore === undefined || !Number.isFinite(pctOfCore)) return 'n/a';
  return `${Math.round(pctOfCore)}%`;
}

/** A threshold or comparison value in its metric's unit. */
export function fmtMetric(metric: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  if (/^(p\(|p\d|avg|med|min|max)/.test(metric)) return fmtMs(v);
  if (metric === 'error_rate') return fmtRate(v);
  if (metric === 'cer' || metric === 'f1') return v.toFixed(4);
  if (metric === 'cpu') return fmtCpu(v);
  if (metric === 'rss_mb') return `${Math.round(v)} MiB`;
  return fmtNum(v, 2);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** JSON safe inside an HTML <script> element (no "</script>", no HTML comment openers). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function escapeXml(s: string): string {
  // XML 1.0 forbids most control characters even escaped; OCR text can carry them.
  return escapeHtml(s).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/** Text for a markdown table cell. */
export function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
