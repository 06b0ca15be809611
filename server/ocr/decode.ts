import sharp from 'sharp';
import { OcrError } from './errors.ts';

/** An 8-bit RGB image, row-major, 3 bytes a pixel. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface DecodeLimits {
  maxPixels: number;
  maxBytes: number;
}

const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif']);

/** Formats we recognise by their magic bytes but do not read (sharp's prebuilt libvips has no BMP loader). */
function sniffUnsupported(head: string): string | undefined {
  if (head.startsWith('BM')) return 'bmp';
  if (head.startsWith('%PDF')) return 'pdf';
  if (/^\s*<(\?xml|svg)/i.test(head)) return 'svg';
  if (head.slice(4, 12) === 'ftypheic' || head.slice(4, 12) === 'ftypavif') return head.slice(8, 12);
  return undefined;
}

/**
 * The accepted format the magic bytes name, if any. Such an image is decoded in one sharp call; anything
 * else asks sharp's header reader first (a second call), which names the format or refuses the bytes.
 */
function sniffAccepted(head: string): string | undefined {
  if (head.startsWith('\xff\xd8\xff')) return 'jpeg';
  if (head.startsWith('\x89PNG\r\n\x1a\n')) return 'png';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'webp';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'tiff';
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'gif';
  return undefined;
}

/**
 * Decodes JPEG/PNG/WebP/TIFF/GIF (first frame) into 8-bit sRGB: EXIF orientation applied, alpha flattened
 * onto white (transparent text backgrounds would otherwise turn black), CMYK, 16-bit, grey and palette
 * images converted. The pixel limit is enforced by libvips before decoding, so a decompression bomb costs
 * only its header.
 */
export async function decodeImage(bytes: Uint8Array, { maxPixels, maxBytes }: DecodeLimits): Promise<RgbImage> {
  if (bytes.byteLength === 0) throw new OcrError('empty_image', 'the image is empty (0 bytes)');
  if (bytes.byteLength > maxBytes) {
    throw new OcrError('image_too_large', `the image is ${bytes.byteLength} bytes, over the limit of ${maxBytes}`);
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  const unsupported = sniffUnsupported(head);
  if (unsupported) throw new OcrError('unsupported_format', `${unsupported} images are not supported; send JPEG, PNG, WebP, TIFF or GIF`);

  let format = sniffAccepted(head);
  try {
    if (!format) {
      // Not one of ours by its magic bytes: sharp's header reader says what it is, or that it is no image.
      const meta = await sharp(bytes, { limitInputPixels: maxPixels }).metadata();
      format = meta.format;
      if (!format || !ACCEPTED.has(format)) {
        throw new OcrError('unsupported_format', `${format ?? 'this'} images are not supported; send JPEG, PNG, WebP, TIFF or GIF`);
      }
    }
    // One call for the usual image: each sharp call is a trip through libuv's and libvips' threads, which
    // the server's worker threads share (docs/decisions/decode-once.md). limitInputPixels refuses an
    // image over the pixel limit from its header, before decoding it.
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', pages: 1 })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoder produced ${info.channels} channels`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (e) {
    if (e instanceof OcrError) throw e;
    const msg = (e as Error).message;
    if (/pixel limit/i.test(msg)) {
      // Only an image this large pays for a second header read, to say its size.
      const size = await sharp(bytes, { limitInputPixels: false })
        .metadata()
        .then((m) => (m.width && m.height ? `${m.width}x${m.height} pixels, over the limit` : undefined))
        .catch(() => undefined);
      throw new OcrError('image_too_large', `the image is ${size ?? 'over the pixel limit'} of ${maxPixels}`, { cause: e });
    }
    if (/unsupported image format/i.test(msg)) {
      throw new OcrError('invalid_image', 'the bytes are not an image in a known format', { cause: e });
    }
    // libvips' own text (file names, library names, XML parser messages) stays in the cause, for the log.
    throw new OcrError('invalid_image', `the ${format ?? ''} image is damaged or truncated and cannot be decoded`.replace('  ', ' '), { cause: e });
  }
}
