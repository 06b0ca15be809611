import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { EngineAdapter, LoadRequest, ReadMode } from './engine-types.ts';

/** Debian's paths: tesseract-ocr + tesseract-ocr-chi-sim + python3-tesserocr (scripts/install-system.sh). */
export const TESSDATA = '/usr/share/tesseract-ocr/5/tessdata';
export const SYSTEM_PYTHON = '/usr/bin/python3';
export const TESSERACT_LANG = 'chi_sim+eng';
/** Page segmentation: 7 = one text line, 3 = automatic page segmentation (Tesseract's default). */
export const PSM: Record<ReadMode, number> = { line: 7, page: 3 };

/** Tesseract prints a line per text line and blank lines between blocks; chi_sim puts spaces between characters (the scorer drops whitespace). */
export function splitTesseractText(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

/**
 * Tesseract 5 from Debian, kept warm: one long-lived Python process holding libtesseract through
 * tesserocr, OMP_THREAD_LIMIT=1 (one core per process, like every other engine here).
 */
export async function load({ mode }: LoadRequest): Promise<EngineAdapter> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tesseract-worker.py');
  const child = spawn(SYSTEM_PYTHON, [script, TESSERACT_LANG, String(PSM[mode]), TESSDATA], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = async (): Promise<Record<string, unknown>> => {
    const r = await lines.next();
    if (r.done) throw new Error('the Tesseract worker exited (is python3-tesserocr installed? bash scripts/install-system.sh)');
    return JSON.parse(r.value) as Record<string, unknown>;
  };
  await next();
  return {
    async read(_image, file) {
      child.stdin.write(`${JSON.stringify({ file: path.resolve(file) })}\n`);
      const out = await next();
      if (typeof out.error === 'string') throw new Error(out.error);
      return splitTesseractText(String(out.text ?? ''));
    },
    async externalPeakRssBytes() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : null;
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
