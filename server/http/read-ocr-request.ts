import type { IncomingMessage } from 'node:http';
import { httpError } from '../api-errors.ts';
import { fieldText, MalformedMultipart, parseMultipart, type FormPart } from './multipart.ts';
import { readBody, type BodyLimits } from './read-body.ts';
import { parseOcrOptions, type OcrRequestOptions } from './ocr-options.ts';

export interface OcrRequest {
  image: Uint8Array;
  options: OcrRequestOptions;
}

const UNBOUNDED: BodyLimits = { maxBytes: Infinity, bodyTimeoutMs: 2 ** 31 - 1, minUploadRate: 1 };

const OPTION_FIELDS = ['mode', 'cls', 'detail', 'profile'] as const;

/** Standard base64 or base64url, optional padding, whitespace already removed. */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function decodeBase64(s: string): Uint8Array {
  const body = s.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  // Buffer.from(…, 'base64') silently skips junk, so check the alphabet and length first.
  if (!BASE64.test(body) || body.length % 4 === 1) throw httpError('invalid_base64', 'field "image" is not valid base64');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

function mediaType(req: Request): string {
  return (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function hasBody(req: Request): boolean {
  const len = req.headers.get('content-length');
  if (len !== null) return Number(len) > 0;
  return req.headers.has('transfer-encoding') && req.body !== null;
}

/**
 * Turns one POST /api/ocr into image bytes and options. Accepts multipart (field `image`), a raw
 * `image/*` (or octet-stream) body, or JSON `{ image: base64, mode?, cls?, detail?, profile? }`; options come
 * from the query, overridden by form/JSON fields. Throws OcrHttpError with a stable code. `incoming`, the
 * Node request under @hono/node-server, is read directly when given (read-body.ts).
 */
export async function readOcrRequest(req: Request, query: Record<string, string>, limits: BodyLimits = UNBOUNDED, incoming?: IncomingMessage): Promise<OcrRequest> {
  const type = mediaType(req);
  if (!hasBody(req) && type === '') throw httpError('no_image', 'the request has no body; send an image');
  const known = type === 'multipart/form-data' || type === 'application/json' || type.startsWith('image/') || type === 'application/octet-stream';
  // The body is read (under its size and time bounds) before it is parsed; an unknown type is refused unread.
  const body = known ? await readBody(req, limits, incoming) : new Uint8Array(0);
  const fields: Record<string, unknown> = {};
  for (const k of OPTION_FIELDS) if (query[k] !== undefined) fields[k] = query[k];

  let image: Uint8Array;
  if (type === 'multipart/form-data') {
    let form: Map<string, FormPart>;
    try {
      form = await parseMultipart(body, req.headers.get('content-type') ?? '');
    } catch (e) {
      if (!(e instanceof MalformedMultipart)) throw e;
      throw httpError('malformed_multipart', 'the multipart body could not be parsed');
    }
    const file = form.get('image');
    if (file === undefined || file.filename === undefined) {
      throw httpError('missing_image_field', 'multipart body needs a file in field "image"');
    }
    for (const k of OPTION_FIELDS) {
      const v = form.get(k);
      if (v !== undefined && v.filename === undefined) fields[k] = fieldText(v);
    }
    // A view into the body, which is this request's own fresh buffer (read-body.ts): no copy, and
    // the pool transfers that buffer to its worker.
    image = file.data;
  } else if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw httpError('malformed_json', 'the JSON body could not be parsed');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw httpError('malformed_json', 'the JSON body must be an object { "image": "<base64>" }');
    }
    const obj = parsed as Record<string, unknown>;
    if (obj.image === undefined) throw httpError('missing_image_field', 'the JSON body needs "image" (base64)');
    if (typeof obj.image !== 'string') throw httpError('invalid_base64', 'field "image" must be a base64 string');
    for (const k of OPTION_FIELDS) if (obj[k] !== undefined) fields[k] = obj[k];
    image = decodeBase64(obj.image);
  } else if (type.startsWith('image/') || type === 'application/octet-stream') {
    image = body;
  } else if (type === '') {
    throw httpError('unsupported_media_type', 'missing Content-Type; use multipart/form-data, image/* or application/json');
  } else {
    throw httpError('unsupported_media_type', `unsupported Content-Type ${type}; use multipart/form-data, image/* or application/json`);
  }
  // Options are checked before the bytes so a bad option is reported even with an empty image.
  const options = parseOcrOptions(fields);
  if (image.byteLength === 0) throw httpError('empty_image', 'the image is empty (0 bytes)');
  return { image, options };
}

