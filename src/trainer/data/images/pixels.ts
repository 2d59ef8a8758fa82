/**
 * From a decoded image to the model's input: channel conversion (gray, RGB,
 * RGBA), bilinear resizing and rescaling, written straight into the output
 * batch. The same code follows either decoder, so both give the same pixels.
 */
import type { DecodedImage } from './decoded';

/** ITU-R BT.601 luma, the weights libjpeg and TensorFlow use for grayscale. */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * The image's samples with `channels` per pixel (1, 3 or 4), converting as
 * Keras would; the decoder's own array when it already has that many.
 */
export function convertChannels(image: DecodedImage, channels: 1 | 3 | 4): ArrayLike<number> {
  const { width, height, data } = image;
  const from = image.channels;
  if (from === channels) return data;
  const pixels = width * height;
  const out = new Float32Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    const s = p * from;
    const o = p * channels;
    const gray = from <= 2;
    if (channels === 1) {
      out[o] = gray ? data[s] : LUMA[0] * data[s] + LUMA[1] * data[s + 1] + LUMA[2] * data[s + 2];
    } else {
      out[o] = data[s];
      out[o + 1] = gray ? data[s] : data[s + 1];
      out[o + 2] = gray ? data[s] : data[s + 2];
      if (channels === 4) out[o + 3] = from === 4 ? data[s + 3] : from === 2 ? data[s + 1] : 255;
    }
  }
  return out;
}

/**
 * Bilinear resize with half-pixel centres and no antialiasing: what
 * `tf.image.resize(..., 'bilinear')` does in TensorFlow 2 (Keras' image
 * loaders) and `tf.image.resizeBilinear(x, size, false, true)` in tfjs.
 * Writes `outHeight × outWidth × channels` values times `scale` into `out` at `offset`.
 */
export function resizeBilinearInto(
  src: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  outHeight: number,
  outWidth: number,
  out: Float32Array,
  offset: number,
  scale: number,
): void {
  if (height === outHeight && width === outWidth) {
    for (let i = 0; i < src.length; i++) out[offset + i] = src[i] * scale;
    return;
  }
  const yScale = height / outHeight;
  const xScale = width / outWidth;
  const x0s = new Int32Array(outWidth);
  const x1s = new Int32Array(outWidth);
  const xFrac = new Float32Array(outWidth);
  for (let x = 0; x < outWidth; x++) {
    const inX = (x + 0.5) * xScale - 0.5;
    const lower = Math.floor(inX);
    xFrac[x] = inX - lower;
    x0s[x] = Math.min(Math.max(lower, 0), width - 1) * channels;
    x1s[x] = Math.min(Math.max(lower + 1, 0), width - 1) * channels;
  }
  for (let y = 0; y < outHeight; y++) {
    const inY = (y + 0.5) * yScale - 0.5;
    const lower = Math.floor(inY);
    const yf = inY - lower;
    const row0 = Math.min(Math.max(lower, 0), height - 1) * width * channels;
    const row1 = Math.min(Math.max(lower + 1, 0), height - 1) * width * channels;
    for (let x = 0; x < outWidth; x++) {
      const xf = xFrac[x];
      const o = offset + (y * outWidth + x) * channels;
      for (let c = 0; c < channels; c++) {
        const top = src[row0 + x0s[x] + c] + (src[row0 + x1s[x] + c] - src[row0 + x0s[x] + c]) * xf;
        const bottom = src[row1 + x0s[x] + c] + (src[row1 + x1s[x] + c] - src[row1 + x0s[x] + c]) * xf;
        out[o + c] = (top + (bottom - top) * yf) * scale;
      }
    }
  }
}
