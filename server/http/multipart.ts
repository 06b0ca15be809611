/**
 * multipart/form-data parsed with busboy from a body already in memory. The request body is read whole
 * first anyway (read-body.ts bounds its size and time), so the one Buffer goes through busboy's parser in
 * one write; a file that arrives as one chunk (the usual case) stays a view into the body, which the pool
 * then transfers to its worker without a copy. undici's `Response.formData()`, used before, made a Blob
 * and a File per part on every request (docs/results/2026-12-07-server-overhead.md).
 */
import busboy from 'busboy';

export interface FormPart {
  /** The part's bytes (a file's usually a view into the body; a text field's UTF-8). */
  data: Uint8Array;
  /** Set when the part is a file (its Content-Disposition has `filename=`), as FormData makes it a File. */
  filename?: string;
}

export class MalformedMultipart extends Error {
  override readonly name = 'MalformedMultipart';
}

const decoder = new TextDecoder();

/** Every named part, first one of a name kept (as FormData.get answers). Rejects with MalformedMultipart. */
export function parseMultipart(body: Uint8Array, contentType: string): Promise<Map<string, FormPart>> {
  let bb: busboy.Busboy;
  try {
    // Browsers send UTF-8 names and filenames; busboy's default for parameters is latin1.
    bb = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8' });
  } catch (e) {
    return Promise.reject(new MalformedMultipart((e as Error).message));
  }
  const parts = new Map<string, FormPart>();
  return new Promise((resolve, reject) => {
    // Done when the parser closed and every file stream ended (their 'end' may come after 'close').
    let open = 1;
    const settle = () => --open === 0 && resolve(parts);
    bb.on('file', (name, stream, info) => {
      open++;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      // A truncated file part errors its stream as well as the parser; unheard, it would throw.
      stream.on('error', (e) => reject(new MalformedMultipart(e.message)));
      stream.on('end', () => {
        // One chunk: a view into the body, no copy.
        if (!parts.has(name)) parts.set(name, { data: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), filename: info.filename ?? '' });
        settle();
      });
    });
    bb.on('field', (name, value) => {
      if (!parts.has(name)) parts.set(name, { data: Buffer.from(value, 'utf8') });
    });
    bb.on('error', (e) => reject(new MalformedMultipart((e as Error).message)));
    bb.on('close', settle);
    bb.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}

/** A text field's value (UTF-8, as FormData decodes it). */
export const fieldText = (part: FormPart): string => decoder.decode(part.data);
