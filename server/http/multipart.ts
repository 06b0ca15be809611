/**
 * multipart/form-data (RFC 7578 over RFC 2046's multipart syntax) parsed from a body already in memory.
 * The request body is read whole first anyway (read-body.ts bounds its size and time), so the parts are
 * views into it: no Blob or File per part and no stream, which undici's `Response.formData()` cost on
 * every request (docs/results/2026-12-07-server-overhead.md). Strict: anything it cannot read is an error.
 */

export interface FormPart {
  /** The part's bytes, a view into the body. */
  data: Uint8Array;
  /** Set when the part's Content-Disposition names a file (`filename=`), as FormData makes it a File. */
  filename?: string;
}

export class MalformedMultipart extends Error {
  override readonly name = 'MalformedMultipart';
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const decoder = new TextDecoder();

/** The boundary parameter of a multipart Content-Type (quoted or a token), or undefined. */
export function multipartBoundary(contentType: string): string | undefined {
  const m = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType);
  const b = m?.[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m?.[2];
  // RFC 2046 §5.1.1: 1 to 70 characters.
  return b && b.length <= 70 ? b : undefined;
}

/** Every named part, first one of a name kept (as FormData.get answers). Throws MalformedMultipart. */
export function parseMultipart(body: Uint8Array, contentType: string): Map<string, FormPart> {
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw new MalformedMultipart('no boundary in Content-Type');
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first boundary opens the body or follows the preamble's CRLF.
  let at = buf.subarray(0, dash.length).equals(dash) ? dash.length : indexAfter(buf, delimiter, 0);
  if (at < 0) throw new MalformedMultipart('no opening boundary');
  const parts = new Map<string, FormPart>();
  for (;;) {
    // After a boundary: "--" closes the body; otherwise optional padding, then CRLF and a part.
    if (buf[at] === 0x2d && buf[at + 1] === 0x2d) return parts;
    while (buf[at] === 0x20 || buf[at] === 0x09) at++;
    if (buf[at] !== 0x0d || buf[at + 1] !== 0x0a) throw new MalformedMultipart('no CRLF after a boundary');
    at += 2;
    // Headers up to an empty line (none at all when the part starts with CRLF).
    let headerText = '';
    if (buf[at] === 0x0d && buf[at + 1] === 0x0a) at += 2;
    else {
      const end = buf.indexOf(HEADER_END, at);
      if (end < 0) throw new MalformedMultipart('part headers do not end');
      headerText = buf.toString('latin1', at, end);
      at = end + HEADER_END.length;
    }
    const next = buf.indexOf(delimiter, at);
    if (next < 0) throw new MalformedMultipart('no closing boundary');
    const disposition = partDisposition(headerText);
    if (!parts.has(disposition.name)) {
      const data = body.subarray(at, next);
      parts.set(disposition.name, disposition.filename === undefined ? { data } : { data, filename: disposition.filename });
    }
    at = next + delimiter.length;
  }
}

/** A text field's value (UTF-8, as FormData decodes it). */
export const fieldText = (part: FormPart): string => decoder.decode(part.data);

function indexAfter(buf: Buffer, needle: Buffer, from: number): number {
  const i = buf.indexOf(needle, from);
  return i < 0 ? -1 : i + needle.length;
}

/** Content-Disposition: form-data; name="…"[; filename="…"] of one part's header block. */
function partDisposition(headerText: string): { name: string; filename?: string } {
  for (const line of headerText.split(CRLF.toString())) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    const value = line.slice(colon + 1);
    if (!/^\s*form-data\s*(;|$)/i.test(value)) throw new MalformedMultipart('a part is not form-data');
    const params = new Map<string, string>();
    for (const m of value.matchAll(/;\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
      const key = m[1]!.toLowerCase();
      if (!params.has(key)) params.set(key, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
    }
    const name = params.get('name');
    if (name === undefined) throw new MalformedMultipart('a part has no name');
    // Header bytes are read as latin1; browsers send UTF-8 names and filenames.
    const utf8 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
    const filename = params.get('filename') ?? params.get('filename*');
    return filename === undefined ? { name: utf8(name) } : { name: utf8(name), filename: utf8(filename) };
  }
  throw new MalformedMultipart('a part has no Content-Disposition');
}
