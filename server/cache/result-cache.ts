/** Where OCR results are kept between identical requests. Values are the engine result as JSON text. */
export interface ResultCache {
  readonly kind: 'off' | 'memory' | 'redis';
  /** Undefined on a miss and when the backing store is unreachable (the server then runs uncached). */
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** False while the backing store is unreachable. */
  readonly up: boolean;
  close(): Promise<void>;
}

export const offCache: ResultCache = {
  kind: 'off',
  get: async () => undefined,
  set: async () => {},
  up: true,
  close: async () => {},
};
