import { readFile } from 'node:fs/promises';
import type { EngineAdapter, LoadRequest } from './engine-types.ts';
import { importPeer } from '../peers.ts';
import { ppOcrV4Files } from './pp-ocrv4-files.ts';

interface Box { x: number; y: number; width: number; height: number }
interface PpuService {
  initialize(): Promise<void>;
  recognize(image: ArrayBuffer, o: { noCache: boolean; flatten?: false }): Promise<{ lines: { text: string }[][] }>;
  destroy(): Promise<void>;
  /** TypeScript-protected, a plain field at run time: ppu has no public recognition-only call on a service. */
  recognitor: { run(image: ArrayBuffer, boxes: Box[], dict?: string[], strategy?: string): Promise<{ text: string }[]> };
}

/**
 * ppu-paddle-ocr with our PP-OCRv4 files (its default fetches PP-OCRv6 at start, which cannot work
 * offline), its own defaults otherwise, one intra-op thread. Its result cache is off per call: the
 * warm-up pass reads the same images and would otherwise turn the timed pass into cache hits.
 */
export async function load({ mode }: LoadRequest): Promise<EngineAdapter> {
  const { PaddleOcrService } = await importPeer<{ PaddleOcrService: new (o: object) => PpuService }>('ppu-paddle-ocr');
  const files = await ppOcrV4Files();
  // ppu's decoder indexes the dictionary by class (index 0 the CTC blank, the last entry the space), as
  // its own ppocrv4_dict.txt is laid out; ppocr_keys_v1.txt lists only the characters. Same file, its layout.
  const dict = new TextEncoder().encode(`\n${(await readFile(files.keys, 'utf8')).replace(/\n$/, '')}\n `);
  const svc = new PaddleOcrService({
    model: { detection: files.det, recognition: files.rec, charactersDictionary: dict.buffer },
    session: { executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1 },
  });
  await svc.initialize();
  const buf = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  return {
    async read(image) {
      if (mode === 'line') {
        // Line mode: the recognizer over the whole image as one box (no detection), as our line mode does.
        const sharp = (await import('sharp')).default;
        const { width = 0, height = 0 } = await sharp(image).metadata();
        const out = await svc.recognitor.run(buf(image), [{ x: 0, y: 0, width, height }], undefined, 'per-box');
        return [out.map((r) => r.text).join(' ')].filter((t) => t.length > 0);
      }
      const r = await svc.recognize(buf(image), { noCache: true });
      return r.lines.map((words) => words.map((w) => w.text).join(' ')).filter((t) => t.length > 0);
    },
    close: () => svc.destroy(),
  };
}
