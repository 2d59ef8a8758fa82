/**
 * TensorFlow's eager functions on data (not on symbolic tensors): what a
 * `tf.data` map function or a loading loop does to arrays and images
 * (`tf.image.resize(image, (224, 224))`, `tf.cast(x, tf.float32)`), giving
 * arrays of the shape TensorFlow gives, unknown axes null. A call on a
 * symbolic tensor is an operation in a graph instead (construction/operation-calls.ts).
 */
import { arrayOf, arrayValue } from '../array-data';
import type { Value } from '../ir';
import { expanded, intOf, reshaped, type Shape } from './array-shapes';
import type { EvaluatedArgs } from './call-site';

/** Decoders of one image file: (height, width, channels). decode_image is not one: it gives 4 axes for a GIF. */
const IMAGE_DECODERS = new Set([
  'tf.image.decode_png',
  'tf.io.decode_png',
  'tf.image.decode_jpeg',
  'tf.io.decode_jpeg',
  'tf.image.decode_bmp',
  'tf.io.decode_bmp',
]);

/** Calls that keep the shape of the array they are given. */
const SAME_SHAPE = new Set([
  'tf.cast',
  'tf.convert_to_tensor',
  'tf.constant',
  'tf.identity',
  'tf.image.convert_image_dtype',
  'tf.image.per_image_standardization',
  'tf.image.random_flip_left_right',
  'tf.image.random_flip_up_down',
  'tf.image.flip_left_right',
  'tf.image.flip_up_down',
  'tf.image.random_brightness',
  'tf.image.random_contrast',
]);

/**
 * `tf.image.resize(images, size)`: the last three axes (height, width,
 * channels) of one image or of a batch take the size asked for.
 */
export function resizedImage(shape: Shape | null, size: Value | undefined): Shape | null {
  if (!shape || (shape.length !== 3 && shape.length !== 4)) return null;
  const dims = size?.kind === 'sequence' && !size.inexact && size.items.length === 2 ? size.items.map(intOf) : null;
  if (!dims || dims.some((d) => d === null || d <= 0)) return null;
  return [...shape.slice(0, -3), dims[0], dims[1], shape[shape.length - 1]];
}

/**
 * The shape of the image a decoder call gives (the pixels it holds are
 * data-sources.ts's business): (height, width, channels), the channels
 * `channels=` asks for (0 or none: the file's, unknown). Undefined for another call.
 */
export function decodedImageShape(path: string, args: EvaluatedArgs): Shape | null | undefined {
  if (!IMAGE_DECODERS.has(path)) return undefined;
  const channels = args.positional[1]?.value ?? args.keyword.get('channels')?.value;
  const c = channels ? intOf(channels) : 0;
  return c === null || c < 0 || args.opaqueSplat ? null : [null, null, c === 0 ? null : c];
}

/** The array a TensorFlow call on data gives, or null when the call is not one of these on an array. */
export function tensorflowArrayCall(path: string, args: EvaluatedArgs): Value | null {
  if (!path.startsWith('tf.') || args.opaqueSplat) return null;
  const first = args.positional[0]?.value;
  const kw = (name: string) => args.keyword.get(name)?.value;
  const array = first ? arrayOf(first) : null;
  if (!array || array.weight) return null;
  const make = (shape: Shape | null) => (shape ? arrayValue({ ...array, shape }) : null);
  if (SAME_SHAPE.has(path)) return first!;
  switch (path) {
    case 'tf.image.resize':
      return make(resizedImage(array.shape, args.positional[1]?.value ?? kw('size')));
    case 'tf.expand_dims':
      return make(expanded(array.shape, intOf(args.positional[1]?.value ?? kw('axis'))));
    case 'tf.reshape':
      return make(reshaped(array.shape, args.positional[1]?.value ?? kw('shape')));
    default:
      return null;
  }
}
