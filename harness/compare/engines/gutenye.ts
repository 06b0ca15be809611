import type { EngineAdapter, LoadRequest } from './engine-types.ts';
import { importPeer } from '../peers.ts';
import { ppOcrV4Files } from './pp-ocrv4-files.ts';

interface GutenyeOcr {
  detect(imagePath: string): Promise<{ text: string }[]>;
}

/**
 * @gutenye/ocr-node with the same PP-OCRv4 files, one intra-op thread. It reads from a file path and has
 * no public recognition-only call (its detector and recognizer are private fields), so line mode runs
 * its whole pipeline on the line image.
 */
export async function load(_req: LoadRequest): Promise<EngineAdapter> {
  const Ocr = (await importPeer<{ default: { create(o: object): Promise<GutenyeOcr> } }>('@gutenye/ocr-node')).default;
  const files = await ppOcrV4Files();
  const ocr = await Ocr.create({
    models: { detectionPath: files.det, recognitionPath: files.rec, dictionaryPath: files.keys },
    onnxOptions: { intraOpNumThreads: 1, interOpNumThreads: 1 },
  });
  return {
    async read(_image, file) {
      return (await ocr.detect(file)).map((l) => l.text).filter((t) => t.length > 0);
    },
    // The library exposes no release; the process exits after close.
    close: async () => {},
  };
}
