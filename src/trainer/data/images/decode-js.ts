/**
 * Pure-JS image decoding, for when tfjs-node's native decoder is not
 * installed: jpeg-js (JPEG), pngjs (PNG), omggif (GIF, first frame), bmp-ts
 * (BMP). Output matches tfjs-node's `decodeImage(bytes, 0)` channel layout
 * closely enough that the same pixel conversion follows either decoder.
 */
import * as bmp from 'bmp-ts';
import * as jpeg from 'jpeg-js';
import { GifReader } from 'omggif';
import { PNG } from 'pngjs';
import { DECODE_BYTES_PER_PIXEL, MAX_IMAGE_DECODE_BYTES } from '../budget';
import type { DecodedImage, ImageDecoder } from './decoded';
import { sniffImageFormat } from './formats';

/** Images larger than this are refused rather than decoded: the loader's bound on decoding memory (budget.ts). */
const MAX_MEGAPIXELS = MAX_IMAGE_DECODE_BYTES / DECODE_BYTES_PER_PIXEL / 1e6;

function decodeJpeg(bytes: Buffer): DecodedImage {
  // Strict decoding: a truncated or damaged JPEG is an error here, as it is for libjpeg in tfjs-node.
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    tolerantDecoding: false,
    maxResolutionInMP: MAX_MEGAPIXELS,
  });
  return { width: image.width, height: image.height, channels: 3, data: image.data };
}

function decodePng(bytes: Buffer): DecodedImage {
  const image = PNG.sync.read(bytes);
  const { width, height } = image;
  if (width * height > MAX_MEGAPIXELS * 1e6) throw new Error(`image larger than ${MAX_MEGAPIXELS} megapixels`);
  // pngjs always gives RGBA; report the channels the file has, as libpng does (palette → RGB, or RGBA with transparency).
  const gray = image.colorType === 0 || image.colorType === 4;
  const channels = ((gray ? 1 : 3) + (image.alpha ? 1 : 0)) as DecodedImage['channels'];
  if (channels === 4) return { width, height, channels, data: image.data };
  const out = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const s = p * 4;
    const o = p * channels;
    if (gray) {
      out[o] = image.data[s];
      if (channels === 2) out[o + 1] = image.data[s + 3];
    } else {
      out[o] = image.data[s];
      out[o + 1] = image.data[s + 1];
      out[o + 2] = image.data[s + 2];
    }
  }
  return { width, height, channels, data: out };
}

function decodeGif(bytes: Buffer): DecodedImage {
  const reader = new GifReader(bytes);
  if (reader.numFrames() < 1) throw new Error('GIF without frames');
  const { width, height } = reader;
  if (width * height > MAX_MEGAPIXELS * 1e6) throw new Error(`image larger than ${MAX_MEGAPIXELS} megapixels`);
  const rgba = new Uint8Array(width * height * 4);
  reader.decodeAndBlitFrameRGBA(0, rgba);
  // tfjs-node (TensorFlow's GIF decoder) gives RGB; drop alpha the same way.
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    rgb[p * 3] = rgba[p * 4];
    rgb[p * 3 + 1] = rgba[p * 4 + 1];
    rgb[p * 3 + 2] = rgba[p * 4 + 2];
  }
  return { width, height, channels: 3, data: rgb };
}

function decodeBmp(bytes: Buffer): DecodedImage {
  const image = bmp.decode(bytes);
  const { width, height } = image;
  if (width * height > MAX_MEGAPIXELS * 1e6) throw new Error(`image larger than ${MAX_MEGAPIXELS} megapixels`);
  // bmp-ts gives ABGR; reorder to RGB.
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    rgb[p * 3] = image.data[p * 4 + 3];
    rgb[p * 3 + 1] = image.data[p * 4 + 2];
    rgb[p * 3 + 2] = image.data[p * 4 + 1];
  }
  return { width, height, channels: 3, data: rgb };
}

export const pureJsDecoder: ImageDecoder = {
  name: 'pure-js',
  // jpeg-js decodes at full size only.
  reducesJpeg: false,
  decode(bytes: Buffer): DecodedImage {
    switch (sniffImageFormat(bytes)) {
      case 'jpeg':
        return decodeJpeg(bytes);
      case 'png':
        return decodePng(bytes);
      case 'gif':
        return decodeGif(bytes);
      case 'bmp':
        return decodeBmp(bytes);
      default:
        throw new Error('not a JPEG, PNG, BMP or GIF image');
    }
  },
};
