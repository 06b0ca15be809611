import type { RunResults } from '../results/schema.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { buildReportData, type ReportOptions } from './report-data.ts';
import { renderSummaryJson } from './summary-json.ts';
import { renderSummaryMd } from './summary-md.ts';
import { loadVendorScripts, type VendorScripts } from './vendor.ts';

export type { ReportOptions } from './report-data.ts';

export type ReportFiles = Record<'report.html' | 'summary.md' | 'junit.xml' | 'summary.json', string>;

/**
 * Renders a run into its report files, `{ filename: content }`. Pure but for reading the chart
 * libraries' installed builds (pass `vendor` to avoid even that); `writeReport` puts them on disk.
 */
export function renderReport(results: RunResults, options: ReportOptions & { vendor?: VendorScripts } = {}): ReportFiles {
  const data = buildReportData(results, options);
  return {
    'report.html': renderHtml(data, options.vendor ?? loadVendorScripts()),
    'summary.md': renderSummaryMd(data),
    'junit.xml': renderJunit(data),
    'summary.json': renderSummaryJson(data),
  };
}
