import { createWriteStream } from 'node:fs';

export interface JsonlWriter {
  write(record: unknown): void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/**
 * Appends one JSON object per line, batched: lines collect in memory and go to the file every
 * `flushMs` or `maxBytes`, so a fast run costs one write per batch instead of one syscall per
 * request (a per-record write took ~10% of the harness's CPU against a trivial endpoint).
 */
export function createJsonlWriter(path: string, { flushMs = 200, maxBytes = 1 << 20 } = {}): JsonlWriter {
  const stream = createWriteStream(path);
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (!pending.length) return;
    stream.write(pending.join(''));
    pending = [];
    size = 0;
  };
  const timer = setInterval(flush, flushMs);
  timer.unref();
  return {
    write(record) {
      const line = `${JSON.stringify(record)}\n`;
      pending.push(line);
      size += line.length;
      if (size >= maxBytes) flush();
    },
    close() {
      clearInterval(timer);
      flush();
      return new Promise((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    },
  };
}
