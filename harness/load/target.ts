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
  /** multipart/form-data with one file field (default), or JSON `{"<field>": "<base64 image>"}`. */
  body?: BodyKind;
  /** Extra request headers (auth): sent, never written anywhere (see redact-headers.ts). */
  headers?: Record<string, string>;
}

export type BodyKind = 'multipart' | 'json';

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
  body: BodyKind;
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
 * The generic adapter: a POST with one image, JSON answer. The image goes as a multipart file field
 * or, for services that take JSON (PaddleOCR serving, cloud OCR APIs), base64 in one JSON field. Our
 * own server is one instance of it (multipart field image, text at `text`, lines at `lines[].text`);
 * another OCR service is measured by naming its body, field, headers and paths.
 */
export function createTarget({ url, field = 'image', textPath = 'text', linesPath = 'lines[].text', query = {}, body = 'multipart', headers = {} }: TargetOptions): Target {
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  const boundary = `----ocrbench${randomBytes(12).toString('hex')}`;
  const contentType = body === 'json' ? 'application/json' : `multipart/form-data; boundary=${boundary}`;
  const extra = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const readText = compileJsonPath(textPath);
  const readLines = linesPath ? compileJsonPath(linesPath) : null;
  return {
    origin: u.origin,
    path: `${u.pathname}${u.search}`,
    url: u.href,
    field,
    body,
    textPath,
    linesPath,
    prepare(sampleId, image, filename) {
      if (body === 'json') {
        const bytes = Buffer.from(JSON.stringify({ [field]: Buffer.from(image).toString('base64') }));
        return { sampleId, body: bytes, headers: { ...extra, 'content-type': contentType, 'content-length': String(bytes.length) } };
      }
      const type = CONTENT_TYPES[path.extname(filename).toLowerCase()] ?? 'application/octet-stream';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${path.basename(filename).replace(/"/g, '')}"\r\nContent-Type: ${type}\r\n\r\n`,
      );
      const bytes = Buffer.concat([head, image, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return { sampleId, body: bytes, headers: { ...extra, 'content-type': contentType, 'content-length': String(bytes.length) } };
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

/** The multipart adapter (kept for callers that only ever send multipart). */
export const createMultipartTarget = (o: Omit<TargetOptions, 'body'>): Target => createTarget({ ...o, body: 'multipart' });
