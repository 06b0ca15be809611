import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { recordCompareFiles } from '../history/record-run.ts';
import { loadVendorScripts } from '../report/vendor.ts';
import type { CompareResult } from './compare-result.ts';
import { renderCompareHtml } from './render-html.ts';
import { renderSummaryMd } from './render-summary.ts';

/** Every output file as content: pure, so tests can render without touching the disk. */
export function renderCompareFiles(r: CompareResult): Record<string, string> {
  return {
    'compare.json': `${JSON.stringify(r, null, 2)}\n`,
    'compare.html': renderCompareHtml(r, loadVendorScripts()),
    'summary.md': renderSummaryMd(r),
  };
}

/**
 * Writes into a hidden sibling folder and renames it into place, so a run that fails or is stopped
 * never leaves a half-written report folder behind.
 */
export async function writeCompare(outDir: string, files: Record<string, string>): Promise<void> {
  const tmp = path.join(path.dirname(outDir), `.${path.basename(outDir)}.partial`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(tmp, name), content);
    await rm(outDir, { recursive: true, force: true });
    await rename(tmp, outDir);
    recordCompareFiles(files);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
