/**
 * What one element of a `tf.data` pipeline holds, as tf.data traces it: a
 * tuple `(x, y)`, `x` alone or a dict, each array in it a symbolic tensor of
 * the element's shape. `from_tensor_slices` takes the first axis off the
 * arrays it is given, `.batch(n)` puts a batch axis back, `.map(fn)` runs `fn`
 * on the element (tf.data unpacks a tuple into arguments), so `tf.cast`,
 * `/ 255.0`, `tf.expand_dims`, `tf.image.resize` and Keras layers give the
 * shape of the new element. Labels stay the labels values the interpreter
 * follows (keras-calls.ts); anything the analyzer cannot tell is unknown.
 */
import { arrayOf } from '../array-data';
import type { ModelConstruction } from '../construction/models';
import type { Span, Value } from '../ir';
import { UNKNOWN } from '../ir';
import type { ImageDataFormat } from '../keras/image-data-format';
import { pixelsOf } from '../pixel-data';
import { dataArrayShape } from './data-sources';
import { seq } from './values';

type Shape = (number | null)[];

/** What one element of a dataset holds, and whether its arrays have a batch axis in front. */
export interface DatasetElement {
  value: Value;
  batched: boolean;
}

/** Channels of each `color_mode` of image_dataset_from_directory. */
const CHANNELS: Record<string, number> = { grayscale: 1, rgb: 3, rgba: 4 };

/**
 * The shape of data: a NumPy array's, image pixels', columns sliced out of a
 * data file, a symbolic tensor's; null when not known.
 */
export function dataShape(v: Value, build: ModelConstruction): Shape | null {
  if (v.kind === 'tensor') return build.knownShape(v.node);
  return arrayOf(v)?.shape ?? pixelsOf(v)?.shape ?? dataArrayShape(v)?.shape ?? null;
}

/**
 * `value` with each array in it replaced by a tensor of the shape `reshape`
 * gives (null: unknown), tensors too unless `keepTensors`; labels are kept, a dict or tuple is followed, a list
 * (which TensorFlow stacks into one tensor) and anything else is unknown.
 */
function mapArrays(
  value: Value,
  build: ModelConstruction,
  at: Span,
  reshape: (shape: Shape) => Shape | null,
  keepTensors = false,
  depth = 0,
): Value {
  if (value.kind === 'labels' || (keepTensors && value.kind === 'tensor')) return value;
  if (depth < 4 && value.kind === 'sequence' && value.tuple && !value.inexact)
    return seq(
      value.items.map((item) => mapArrays(item, build, at, reshape, keepTensors, depth + 1)),
      true,
    );
  if (depth < 4 && value.kind === 'dict' && !value.inexact) {
    const entries = new Map<string, Value>();
    for (const [key, item] of value.entries)
      entries.set(key, mapArrays(item, build, at, reshape, keepTensors, depth + 1));
    return { kind: 'dict', entries };
  }
  const shape = dataShape(value, build);
  const next = shape ? reshape(shape) : null;
  return next ? { kind: 'tensor', node: build.dataTensor(next, at) } : UNKNOWN;
}

/** `from_tensor_slices(x)`, `((x, y))`, `({'a': a, 'b': b})`: each array's first axis taken off. */
export function slicedElement(given: Value, build: ModelConstruction, at: Span): DatasetElement {
  return { value: mapArrays(given, build, at, (s) => (s.length > 0 ? s.slice(1) : null)), batched: false };
}

/** `from_tensors(x)`: the arrays whole, one element. */
export function wholeElement(given: Value, build: ModelConstruction, at: Span): DatasetElement {
  return { value: mapArrays(given, build, at, (s) => s), batched: false };
}

/** `.batch(n)`: a batch axis in front, of size n only when the last short batch is dropped. */
export function batchedElement(
  element: DatasetElement,
  size: number | null,
  build: ModelConstruction,
  at: Span,
): DatasetElement | null {
  if (element.batched) return null;
  return { value: mapArrays(element.value, build, at, (s) => [size, ...s]), batched: true };
}

/** True for a tuple: tf.data's structure of several components. */
export function isTuple(v: Value): boolean {
  return v.kind === 'sequence' && v.tuple;
}

/** The arguments tf.data calls a `map` function with: a tuple element's items, else the element. */
export function mapArguments(element: DatasetElement): Value[] {
  const v = element.value;
  return v.kind === 'sequence' && v.tuple ? v.items : [v];
}

/** A `map` function's result as the new element: tensors and labels as they are, arrays (an image it decoded) as tensors. */
export function mappedElement(result: Value, batched: boolean, build: ModelConstruction, at: Span): DatasetElement {
  return { value: mapArrays(result, build, at, (s) => s, true), batched };
}

/**
 * The shape of the model input a dataset's elements give (`x` of `(x, y)`,
 * or the element itself), batch axis first; null for an unbatched dataset
 * (Keras would take the element's first axis as the batch), a dict or an unknown shape.
 */
export function elementInputShape(element: DatasetElement | undefined, build: ModelConstruction): Shape | null {
  if (!element?.batched) return null;
  const v = element.value;
  const x = v.kind === 'sequence' && v.tuple ? v.items[0] : v;
  if (x?.kind !== 'tensor') return null;
  const shape = build.knownShape(x.node);
  return shape && shape.length > 0 ? shape : null;
}

/**
 * The images of `image_dataset_from_directory`: `image_size` and `color_mode`
 * give each one's shape (channels last unless the data format says first),
 * `batch_size` (None: unbatched) the batch axis.
 */
export function directoryImages(
  imageSize: [number, number] | null,
  colorMode: string | null,
  batchSize: Value | undefined,
  format: ImageDataFormat | null,
  build: ModelConstruction,
  at: Span,
): DatasetElement | null {
  const channels = colorMode ? CHANNELS[colorMode] : undefined;
  if (!imageSize || !channels || !format) return null;
  const image = format === 'channels_first' ? [channels, ...imageSize] : [...imageSize, channels];
  if (batchSize?.kind === 'none')
    return { value: { kind: 'tensor', node: build.dataTensor(image, at) }, batched: false };
  if (batchSize && batchSize.kind !== 'number') return null;
  return { value: { kind: 'tensor', node: build.dataTensor([null, ...image], at) }, batched: true };
}

/**
 * `timeseries_dataset_from_array(data, targets, sequence_length, batch_size=128)`:
 * windows of `sequence_length` steps of `data`'s rows, with the target of
 * each window's first step (no targets: the windows alone).
 */
export function timeseriesElement(
  data: Value | undefined,
  targets: Value | undefined,
  sequenceLength: Value | undefined,
  batchSize: Value | undefined,
  build: ModelConstruction,
  at: Span,
): DatasetElement | null {
  const rows = data ? dataShape(data, build) : null;
  const steps = sequenceLength?.kind === 'number' && sequenceLength.isInt ? sequenceLength.value : null;
  if (!rows || rows.length === 0 || steps === null || steps <= 0) return null;
  const batched = batchSize?.kind !== 'none';
  if (batchSize && batched && batchSize.kind !== 'number') return null;
  const lead: Shape = batched ? [null] : [];
  const windows: Value = { kind: 'tensor', node: build.dataTensor([...lead, steps, ...rows.slice(1)], at) };
  if (!targets || targets.kind === 'none') return { value: windows, batched };
  const y = targets.kind === 'labels' ? targets : mapArrays(targets, build, at, (s) => [...lead, ...s.slice(1)]);
  return { value: seq([windows, y], true), batched };
}
