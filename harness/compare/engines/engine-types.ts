/** The two ways an image is read: one text line (no detection where the engine allows) or a whole page. */
export type ReadMode = 'line' | 'page';

/** One loaded engine inside a measuring process: reads one image at a time, in order. */
export interface EngineAdapter {
  /** The recognised lines of one image, top to bottom as the engine orders them. */
  read(image: Buffer, file: string): Promise<string[]>;
  /** Peak RSS in bytes of helper processes the engine runs outside this one (Tesseract's), if any. */
  externalPeakRssBytes?(): Promise<number | null>;
  close(): Promise<void>;
}

/** What a measuring process is told to load. */
export interface LoadRequest {
  engine: string;
  mode: ReadMode;
  /** For the HTTP engines: the OCR endpoint. */
  url?: string;
  /** The repository root (models/manifest.json, peers folder). */
  root: string;
}

export interface EngineModule {
  load(req: LoadRequest): Promise<EngineAdapter>;
}

/** How an engine is described in the report: version and every setting that matters for the figures. */
export interface EngineInfo {
  id: string;
  label: string;
  version: string | null;
  /** What line mode means for this engine (not every peer can skip detection). */
  lineMode: string;
  settings: Record<string, string | number | boolean>;
}
