/**
 * Decoding with tfjs-node's native decoder (libjpeg, libpng, TensorFlow's GIF
 * and BMP readers), which is what Keras itself uses. Loaded lazily: when
 * `@tensorflow/tfjs-node` is not installed, {@link loadTfjsNodeDecoder} says so
 * and the pure-JS decoders take over.
 */
import type { DecodedImage, ImageDecoder, JpegReduction } from './decoded';
import { sniffImageFormat } from './formats';
import { pureJsDecoder } from './decode-js';

interface TfjsNodeLike {
  node: {
    decodeImage(bytes: Uint8Array, channels?: number, dtype?: 'int32', expandAnimations?: boolean): TensorLike;
    decodeJpeg(bytes: Uint8Array, channels?: number, ratio?: number): TensorLike;
  };
}
interface TensorLike {
  shape: number[];
  dataSync(): ArrayLike<number>;
  dispose(): void;
}

let cached: { decoder: ImageDecoder } | { error: string } | undefined;

/** The native decoder, or why it is unavailable. */
export function loadTfjsNodeDecoder(): { decoder: ImageDecoder } | { error: string } {
  if (cached) return cached;
  try {
    // Optional dependency, kept out of the bundle: resolved at run time.
    const tf = require('@tensorflow/tfjs-node') as TfjsNodeLike;
    cached = { decoder: tfjsNodeDecoder(tf) };
  } catch (error) {
    cached = { error: `@tensorflow/tfjs-node could not be loaded (${(error as Error).message.split('\n')[0]})` };
  }
  return cached;
}

/**
 * Decode with a tfjs-node loaded already (the trainer's backend, which may come
 * from a configured folder this package cannot `require` by name).
 */
export function useLoadedTfjsNode(tf: unknown): void {
  if ((tf as Partial<TfjsNodeLike>)?.node?.decodeImage) cached = { decoder: tfjsNodeDecoder(tf as TfjsNodeLike) };
}

function tfjsNodeDecoder(tf: TfjsNodeLike): ImageDecoder {
  return {
    name: 'tfjs-node',
    reducesJpeg: true,
    decode(bytes: Buffer, reduce: JpegReduction = 1): DecodedImage {
      const format = sniffImageFormat(bytes);
      if (!format) throw new Error('not a JPEG, PNG, BMP or GIF image');
      let tensor: TensorLike;
      try {
        // channels 0: as stored (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA); GIFs come back as RGB.
        tensor =
          format === 'jpeg' && reduce > 1
            ? tf.node.decodeJpeg(bytes, 0, reduce)
            : tf.node.decodeImage(bytes, 0, 'int32', false);
      } catch (error) {
        // TensorFlow's BMP reader is stricter than the format (it rejects files with trailing
        // padding that other tools write and read); give the pure-JS decoder a chance first.
        try {
          return pureJsDecoder.decode(bytes);
        } catch {
          throw new Error(firstLine((error as Error).message));
        }
      }
      try {
        const shape = tensor.shape;
        const [height, width, channels] = shape.length === 4 ? shape.slice(1) : shape;
        const frame = height * width * channels;
        const data = tensor.dataSync();
        return {
          width,
          height,
          channels: channels as DecodedImage['channels'],
          data: shape.length === 4 ? Array.prototype.slice.call(data, 0, frame) : data,
        };
      } finally {
        tensor.dispose();
      }
    },
  };
}

function firstLine(message: string): string {
  const lines = message.split('\n').map((l) =>
    l
      .replace(/^Invalid TF_Status: \d+$/, '')
      .replace(/^Message: /, '')
      .trim(),
  );
  return lines.find((l) => l.length > 0) ?? message;
}
