import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage } from './decode.ts';
import { OcrError, type OcrErrorCode } from './errors.ts';

const limits = { maxPixels: 40_000_000, maxBytes: 20 * 1024 * 1024 };
const solid = (background: string, width = 40, height = 20) => sharp({ create: { width, height, channels: 3, background } });
const pixel = (img: { data: Uint8Array; width: number }, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3)];

async function rejects(bytes: Uint8Array, code: OcrErrorCode, l = limits) {
  await assert.rejects(decodeImage(bytes, l), (e: unknown) => e instanceof OcrError && e.code === code);
}

describe('decodeImage: each bad input gets its stable code', () => {
  it('empty bytes → empty_image (400)', () => rejects(new Uint8Array(0), 'empty_image'));
  it('non-image bytes → invalid_image (400)', () => rejects(new TextEncoder().encode('hello, this is not an image at all'), 'invalid_image'));
  it('a truncated JPEG → invalid_image (400)', async () => {
    const jpeg = await readFile('datasets/real-public/pages/chocr_img.jpeg');
    await rejects(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'invalid_image');
  });
  it('more pixels than the limit → image_too_large (413), before decoding', async () => {
    await rejects(await solid('#fff', 200, 100).png().toBuffer(), 'image_too_large', { ...limits, maxPixels: 10_000 });
  });
  it('more bytes than the limit → image_too_large (413)', async () => {
    await rejects(await solid('#fff').png().toBuffer(), 'image_too_large', { ...limits, maxBytes: 10 });
  });
  it('BMP → unsupported_format (415)', () => rejects(new Uint8Array([0x42, 0x4d, 0x3a, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0]), 'unsupported_format'));
  it('SVG → unsupported_format (415)', () => rejects(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'unsupported_format'));
  it('the status follows the code', () => assert.equal(new OcrError('image_too_large', 'x').status, 413));
});

describe('decodeImage: every accepted image becomes 8-bit RGB', () => {
  it('an animated GIF gives its first frame', async () => {
    const red = await solid('#ff0000').png().toBuffer();
    const blue = await solid('#0000ff').png().toBuffer();
    const gif = await sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
    const img = await decodeImage(gif, limits);
    assert.deepEqual([img.width, img.height], [40, 20]);
    assert.deepEqual(pixel(img, 5, 5), [255, 0, 0]);
  });
  it('a CMYK JPEG is converted to sRGB', async () => {
    const cmyk = await solid('#ffffff').toColourspace('cmyk').jpeg().toBuffer();
    assert.equal((await sharp(cmyk).metadata()).space, 'cmyk');
    const img = await decodeImage(cmyk, limits);
    assert.equal(img.data.length, 40 * 20 * 3);
    for (const v of pixel(img, 10, 10)) assert.ok(v > 240, `white stays white, got ${v}`);
  });
  it('a 16-bit PNG becomes 8-bit', async () => {
    const png16 = await solid('#808080').toColourspace('rgb16').png().toBuffer();
    assert.equal((await sharp(png16).metadata()).depth, 'ushort');
    const img = await decodeImage(png16, limits);
    assert.equal(img.data.length, 40 * 20 * 3);
    for (const v of pixel(img, 3, 3)) assert.ok(Math.abs(v - 128) <= 1, `grey stays grey, got ${v}`);
  });
  it('a grayscale PNG gets three channels', async () => {
    const grey = await solid('#404040').grayscale().png().toBuffer();
    const img = await decodeImage(grey, limits);
    assert.deepEqual(pixel(img, 0, 0), [64, 64, 64]);
  });
  it('alpha is flattened onto white, not black', async () => {
    const transparent = await sharp({ create: { width: 10, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    assert.deepEqual(pixel(await decodeImage(transparent, limits), 5, 5), [255, 255, 255]);
  });
  it('EXIF orientation is applied (pixels as a viewer shows them)', async () => {
    const bytes = await readFile('datasets/real-public/lines/rapidocr_img_exif_orientation.jpg');
    assert.equal((await sharp(bytes).metadata()).orientation, 3, 'the fixture says: rotate 180°');
    const img = await decodeImage(bytes, limits);
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    const stored = { data: new Uint8Array(data), width: info.width };
    assert.deepEqual([img.width, img.height], [info.width, info.height]);
    assert.deepEqual(pixel(img, 0, 0), pixel(stored, info.width - 1, info.height - 1));
    assert.deepEqual(pixel(img, 100, 50), pixel(stored, info.width - 101, info.height - 51));
  });
  it('a 90° EXIF orientation swaps width and height', async () => {
    const tagged = await solid('#fff', 40, 20).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const img = await decodeImage(tagged, limits);
    assert.deepEqual([img.width, img.height], [20, 40]);
  });
  it('WebP and TIFF are read', async () => {
    for (const bytes of [await solid('#00ff00').webp({ lossless: true }).toBuffer(), await solid('#00ff00').tiff().toBuffer()]) {
      const [r, g, b] = pixel(await decodeImage(bytes, limits), 1, 1);
      assert.ok(r <= 2 && g >= 253 && b <= 2, `green stays green, got ${[r, g, b]}`);
    }
  });
});
