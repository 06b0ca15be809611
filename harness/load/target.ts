import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { compileJsonPath } from './json-path.ts';

export interface TargetOptions {
  /** Full URL of the OCR endpoint, e.g. http://127.0.0.1:8080/api/ocr. */
  url: string;
  /** Multipart field carrying the image (default image). */
  field?: string;
  /** JSON path to the recognised text in a 200 body (default text). */
  textPath?: string;
  /** JSON path to the recognised lines; null to split the text on newlines (default lines[].text). */
  linesPath?: string | null;
  /** Extra query parameters (our server takes mode and cls here). */
  query?: Record<string, string>;
}

export interface PreparedRequest {
  sampleId: string;
  body: Buffer;
  headers: Record<string, string>;
}

export interface Target {
  origin: string;
  /** Path and query sent with every request. */
  path: string;
  url: string;
  field: string;
  textPath: string;
  linesPath: string | null;
  /** Encodes one image as the request body, once before the run, so the load loop only sends bytes. */
  prepare(sampleId: string, image: Uint8Array, filename: string): PreparedRequest;
  /** Reads the text and lines out of a 200 body; undefined text means the body was not what we expect. */
  parse(body: unknown): { text: string | undefined; lines: string[] | null; cached: boolean | null };
}

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.bmp': 'image/bmp',
};

/**
 * The generic adapter: multipart/form-data POST with one file field, JSON answer. Our own server is
 * one instance of it (field image, text at `text`, lines at `lines[].text`); another OCR service is
 * measured by naming its field and paths.
 */
export function createMultipartTarget({ url, field = 'image', textPath = 'text', linesPath = 'lines[].text', query = {} }: TargetOptions): Target {
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  const boundary = `----ocrbench${randomBytes(12).toString('hex')}`;
  const contentType = `multipart/form-data; boundary=${boundary}`;
  const readText = compileJsonPath(textPath);
  const readLines = linesPath ? compileJsonPath(linesPath) : null;
  return {
    origin: u.origin,
    path: `${u.pathname}${u.search}`,
    url: u.href,
    field,
    textPath,
    linesPath,
    prepare(sampleId, image, filename) {
      const type = CONTENT_TYPES[path.extname(filename).toLowerCase()] ?? 'application/octet-stream';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${path.basename(filename).replace(/"/g, '')}"\r\nContent-Type: ${type}\r\n\r\n`,
      );
      const body = Buffer.concat([head, image, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return { sampleId, body, headers: { 'content-type': contentType, 'content-length': String(body.length) } };
    },
    parse(json) {
      const text = readText(json);
      const rawLines = readLines?.(json);
      const lines = Array.isArray(rawLines) ? rawLines.map((l) => String(l ?? '')) : typeof text === 'string' ? text.split('\n') : null;
      const cached = (json as { cached?: unknown } | null)?.cached;
      return { text: typeof text === 'string' ? text : undefined, lines, cached: typeof cached === 'boolean' ? cached : null };
    },
  };
}
