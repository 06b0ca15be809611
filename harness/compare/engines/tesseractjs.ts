import { importPeer } from '../peers.ts';
import type { EngineAdapter, LoadRequest } from './engine-types.ts';
import { PSM, TESSDATA, TESSERACT_LANG, splitTesseractText } from './tesseract.ts';

interface TjsWorker {
  setParameters(p: Record<string, string>): Promise<unknown>;
  recognize(image: Buffer): Promise<{ data: { text: string } }>;
  terminate(): Promise<unknown>;
}

/**
 * tesseract.js (Tesseract compiled to WebAssembly) with Debian's traineddata read from disk: langPath a
 * local folder, gzip off (Debian's files are not gzipped) and cacheMethod none, so nothing is fetched
 * or written; its core and worker script come from its own package. One worker thread, single-threaded wasm.
 */
export async function load({ mode }: LoadRequest): Promise<EngineAdapter> {
  const { createWorker } = await importPeer<{ createWorker(l: string, oem: number, o: object): Promise<TjsWorker> }>('tesseract.js');
  const worker = await createWorker(TESSERACT_LANG, 1, { langPath: TESSDATA, gzip: false, cacheMethod: 'none' });
  // debug_file: Tesseract's diagnostics ("Estimating resolution as …") would otherwise land on our stdout.
  await worker.setParameters({ tessedit_pageseg_mode: String(PSM[mode]), debug_file: '/dev/null' });
  return {
    async read(image) {
      return splitTesseractText((await worker.recognize(image)).data.text);
    },
    close: async () => void (await worker.terminate()),
  };
}
