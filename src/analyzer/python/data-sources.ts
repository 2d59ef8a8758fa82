/**
 * Where training data comes from: files named by literal paths in np.load,
 * pd.read_csv, np.loadtxt and the directory loaders. The trainer reads these
 * to verify a model on the user's own data; the analyzer only records them.
 */
import { decodedImageShape, resizedImage } from './tensorflow-arrays';
import { arrayValue } from '../array-data';
import type { DataSource, Span, Value } from '../ir';
import { pixels, pixelsIn, pixelsOf } from '../pixel-data';
import { UNKNOWN } from '../ir';
import { expanded, intOf, product, reshaped, subscripted, transposed } from './array-shapes';
import type { EvaluatedArgs } from './call-site';
import { joined } from './numpy-arrays';
import { convertedShape, imreadShape, resizedShape } from './opencv-images';
import type { SyntaxNode } from './syntax-node';
import { num, opaque, opaqueData, seq as sequence, str } from './values';

/** An array read from a data file (x or y, before any label encoding). */
interface DataArray {
  source: DataSource;
  /**
   * Where the code itself says how many columns it takes (`data[:, 0:8]`):
   * rows unknown (null), then those columns. Absent: the file decides.
   */
  shape?: (number | null)[];
}

/** A pandas DataFrame read from a CSV file. */
interface DataFrameData {
  source: Extract<DataSource, { kind: 'csv' }>;
}

/** The object np.load returns for an .npz archive. */
interface NpzFile {
  path: string;
  span: Span;
}

function span(node: SyntaxNode): Span {
  return { start: node.start, end: node.end };
}

function stringOf(v: Value | undefined): string | null {
  return v?.kind === 'string' ? v.value : null;
}

function withRescale(source: DataSource, factor: number): DataSource {
  if (source.kind === 'image-directory') return { ...source, rescale: (source.rescale ?? 1) * factor };
  return { ...source, rescale: (source.rescale ?? 1) * factor };
}

function dataArray(source: DataSource, shape?: (number | null)[]): Value {
  return opaque<DataArray>('data', shape ? { source, shape } : { source });
}

/** A data array whose shape the code spells out, as the array rules see arrays (ArrayData); null otherwise. */
export function dataArrayShape(v: Value): { shape: (number | null)[]; origin: Span; description: string } | null {
  const array = opaqueData<DataArray>(v, 'data');
  if (!array?.shape) return null;
  return { shape: array.shape, origin: array.source.span, description: `columns of ${describeSource(array.source)}` };
}

function describeSource(source: DataSource): string {
  return 'path' in source ? `the data read from ${source.path}` : 'the data read from a file';
}

/** Columns `start:stop` (no step) when both ends are known and not negative; null otherwise. */
function columnCount(slice: (number | null)[]): number | null {
  const [start, stop, step] = slice;
  if (step !== null || stop === null || stop < 0 || (start ?? 0) < 0) return null;
  return Math.max(0, stop - (start ?? 0));
}

/** The data source a value was read from, if any (arrays, labels, datasets). */
export function sourceOf(v: Value): DataSource | undefined {
  if (v.kind === 'labels') return v.source;
  return opaqueData<DataArray>(v, 'data')?.source ?? opaqueData<{ source?: DataSource }>(v, 'dataset')?.source;
}

/** Calls that read data files or build paths. Null when `path` is not one of them. */
export function dataCall(path: string, args: EvaluatedArgs, node: SyntaxNode): Value | null {
  const first = args.positional[0]?.value;
  const kw = (name: string) => args.keyword.get(name)?.value;
  switch (path) {
    case 'os.path.join': {
      const parts = args.positional.map((a) => stringOf(a.value));
      if (parts.length === 0 || parts.some((p) => p === null)) return UNKNOWN;
      return str(joinPath(parts as string[]));
    }
    case 'pathlib.Path':
    case 'pathlib.PurePath': {
      const parts = args.positional.map((a) => stringOf(a.value));
      if (parts.length === 0 || parts.some((p) => p === null)) return UNKNOWN;
      return str(joinPath(parts as string[]));
    }
    case 'np.load': {
      const file = stringOf(first ?? kw('file'));
      if (file === null) return UNKNOWN;
      if (file.toLowerCase().endsWith('.npz')) return opaque<NpzFile>('npz-file', { path: file, span: span(node) });
      return dataArray({ kind: 'npy', path: file, span: span(node), rescale: null });
    }
    case 'pd.read_csv':
    case 'pd.read_table': {
      const file = stringOf(first ?? kw('filepath_or_buffer'));
      if (file === null) return UNKNOWN;
      const delimiter = stringOf(kw('sep') ?? kw('delimiter')) ?? (path === 'pd.read_table' ? '\t' : null);
      return opaque<DataFrameData>('dataframe', {
        source: { kind: 'csv', path: file, span: span(node), labelColumn: null, delimiter, rescale: null },
      });
    }
    case 'np.loadtxt':
    case 'np.genfromtxt': {
      const file = stringOf(first ?? kw('fname'));
      if (file === null) return UNKNOWN;
      return dataArray({
        kind: 'csv',
        path: file,
        span: span(node),
        labelColumn: null,
        delimiter: stringOf(kw('delimiter')),
        rescale: null,
      });
    }
    case 'np.expand_dims':
    case 'np.array':
    case 'np.asarray':
    case 'np.float32':
    case 'tf.constant':
    case 'tf.convert_to_tensor':
      return first && opaqueData<DataArray>(first, 'data') ? first : null;
    default:
      return null;
  }
}

function joinPath(parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (p.startsWith('/')) out = p;
    else out = out === '' ? p : out.endsWith('/') ? out + p : `${out}/${p}`;
  }
  return out;
}

const ARRAY_METHODS = new Set(['astype', 'reshape', 'copy', 'to_numpy', 'squeeze']);

/** Methods of data arrays and DataFrames. Null when the receiver is not data. */
export function dataMethod(receiver: Value, name: string, args: EvaluatedArgs): Value | null {
  const array = opaqueData<DataArray>(receiver, 'data');
  if (array) {
    if (!ARRAY_METHODS.has(name)) return UNKNOWN;
    if (!array.shape || name === 'astype' || name === 'copy' || name === 'to_numpy') return receiver;
    if (name === 'squeeze') return dataArray(array.source);
    const positional = args.positional.map((a) => a.value);
    const shape = reshaped(array.shape, positional.length === 1 ? positional[0] : sequence(positional, true));
    return dataArray(array.source, shape ?? undefined);
  }
  const frame = opaqueData<DataFrameData>(receiver, 'dataframe');
  if (!frame) return null;
  if (name === 'drop') {
    // df.drop('label', axis=1) / df.drop(columns=['label']): the features, with the label column named.
    const columns =
      args.keyword.get('columns')?.value ??
      (args.keyword.get('axis')?.value.kind === 'number' ? args.positional[0]?.value : undefined);
    const column =
      columns?.kind === 'string'
        ? columns.value
        : columns?.kind === 'sequence' && columns.items.length === 1
          ? stringOf(columns.items[0])
          : null;
    return column === null ? UNKNOWN : dataArray({ ...frame.source, labelColumn: column });
  }
  if (name === 'to_numpy') return dataArray(frame.source);
  if (name === 'dropna' || name === 'copy') return receiver;
  return UNKNOWN;
}

/** Attributes of data values (`df.values`, `df.iloc`). Null when the owner is not data. */
export function dataAttribute(owner: Value, name: string): Value | null {
  const frame = opaqueData<DataFrameData>(owner, 'dataframe');
  if (frame) {
    if (name === 'values') return dataArray(frame.source);
    if (name === 'iloc') return opaque<DataFrameData>('iloc', frame);
    return null;
  }
  const array = opaqueData<DataArray>(owner, 'data');
  if (!array) return null;
  if (name === 'values') return owner;
  if (name === 'shape' && array.shape)
    return sequence(
      array.shape.map((d) => (d === null ? UNKNOWN : num(d))),
      true,
    );
  if (name === 'ndim' && array.shape) return num(array.shape.length);
  // Its methods are called (dataMethod).
  return ARRAY_METHODS.has(name) ? null : UNKNOWN;
}

/** `npz['x']`, `df['label']`, `data[:, -1]`, `df.iloc[:, :-1]`. Null when the owner is not data. */
export function dataSubscript(owner: Value, keys: Value[]): Value | null {
  const npz = opaqueData<NpzFile>(owner, 'npz-file');
  if (npz) {
    const key = keys.length === 1 ? stringOf(keys[0]) : null;
    return key === null ? UNKNOWN : dataArray({ kind: 'npz', path: npz.path, span: npz.span, key, rescale: null });
  }
  const frame = opaqueData<DataFrameData>(owner, 'dataframe');
  if (frame) {
    const column = keys.length === 1 ? stringOf(keys[0]) : null;
    return column === null ? UNKNOWN : dataArray({ ...frame.source, labelColumn: column });
  }
  const iloc = opaqueData<DataFrameData>(owner, 'iloc');
  const array = opaqueData<DataArray>(owner, 'data');
  const source = iloc?.source ?? (array?.source.kind === 'csv' ? array.source : null);
  if (source && keys.length === 2) {
    // [:, k] selects the label column k; [:, :k] / [:, k:] select the features around it.
    const col = keys[1];
    if (col.kind === 'number') return dataArray({ ...source, labelColumn: col.value });
    const slice = opaqueData<(number | null)[]>(col, 'slice');
    if (slice && slice[2] === null) {
      const columns = columnCount(slice);
      if ((slice[0] ?? 0) === 0 && slice[1] !== null)
        return dataArray({ ...source, labelColumn: slice[1] }, columns === null ? undefined : [null, columns]);
      if (slice[1] === null && slice[0] === 1) return dataArray({ ...source, labelColumn: 0 });
      // Columns a:b in the middle: no source the trainer could read back, but their count is known.
      if (columns !== null)
        return arrayValue({ shape: [null, columns], origin: source.span, description: describeSource(source) });
    }
    return UNKNOWN;
  }
  // Selecting rows keeps the source and the columns; one row (`X[0]`) is no longer samples.
  if (array) return array.shape && keys.length === 1 && keys[0].kind === 'number' ? dataArray(array.source) : owner;
  return null;
}

/** `x / 255.0` keeps the source and remembers the rescale factor. */
export function dataBinary(op: string, l: Value, r: Value): Value | null {
  const array = opaqueData<DataArray>(l, 'data');
  if (!array || r.kind !== 'number' || r.value === 0) return null;
  if (op === '/') return dataArray(withRescale(array.source, 1 / r.value));
  if (op === '*') return dataArray(withRescale(array.source, r.value));
  if (op === '-' || op === '+') return l;
  return null;
}

/**
 * Class labels divided (or multiplied) by a number, as when `y / 255.0` is
 * written next to `x / 255.0`: the same labels, with the factor and where.
 * Null when `l` is not class labels or the operation is not that.
 */
export function labelsDivided(op: string, l: Value, r: Value, at: Span, removal?: Span): Value | null {
  if (l.kind !== 'labels' || r.kind !== 'number' || (op !== '/' && op !== '*')) return null;
  const { encoding } = l.labels;
  if (encoding !== 'integer' && encoding !== 'one-hot' && encoding !== 'binary') return null;
  const factor = op === '/' ? (r.value === 0 ? null : 1 / r.value) : r.value;
  if (factor === null || factor === 1) return null;
  const before = l.labels.rescaled?.factor ?? 1;
  // Only a single factor written as one operation can be removed by deleting it.
  const rescaled = { factor: before * factor, at, ...(removal && !l.labels.rescaled ? { removal } : {}) };
  const labels = { ...l.labels, rescaled };
  return l.source ? { kind: 'labels', labels, source: l.source } : { kind: 'labels', labels };
}

// ------------------------------------------------------------------ pixels

/** Loaders whose result holds pixel values 0–255. */
const PIXEL_LOADERS: Record<string, string> = {
  'cv2.imread': 'images read by cv2.imread',
  'PIL.Image.open': 'images opened by PIL',
  'keras.preprocessing.load_img': 'images loaded by load_img',
  'keras.utils.load_img': 'images loaded by load_img',
  'skimage.io.imread': 'images read by skimage.io.imread',
  'imageio.imread': 'images read by imageio.imread',
  'imageio.v2.imread': 'images read by imageio.imread',
  'tf.io.decode_image': 'images decoded by tf.io.decode_image',
  'tf.io.decode_jpeg': 'images decoded by tf.io.decode_jpeg',
  'tf.io.decode_png': 'images decoded by tf.io.decode_png',
  'tf.image.decode_image': 'images decoded by tf.image.decode_image',
  'tf.image.decode_jpeg': 'images decoded by tf.image.decode_jpeg',
  'tf.image.decode_png': 'images decoded by tf.image.decode_png',
};

/** Calls whose result holds the same pixel values as their first argument (an array, or a list of arrays). */
const PIXEL_PASSTHROUGH = new Set([
  'np.array',
  'np.asarray',
  'np.float32',
  'np.float64',
  'np.uint8',
  'np.expand_dims',
  'np.stack',
  'np.vstack',
  'np.concatenate',
  'np.reshape',
  'np.squeeze',
  'np.transpose',
  'tf.constant',
  'tf.convert_to_tensor',
  'tf.cast',
  'tf.transpose',
  'tf.expand_dims',
  'tf.reshape',
  'tf.stack',
  'tf.concat',
  'tf.image.resize',
  'cv2.resize',
  'cv2.cvtColor',
  'keras.preprocessing.img_to_array',
  'keras.utils.img_to_array',
]);

/** Methods of arrays and PIL images that keep the pixel values. */
const PIXEL_METHODS = new Set(['astype', 'reshape', 'copy', 'squeeze', 'transpose', 'resize', 'convert', 'numpy']);

/** Pixel loaders and the calls that keep pixels. Null when `path` is not one of them or the data is not pixels. */
export function pixelCall(path: string, args: EvaluatedArgs, node: SyntaxNode): Value | null {
  const description = PIXEL_LOADERS[path];
  if (description) {
    const shape = path === 'cv2.imread' ? imreadShape(args) : decodedImageShape(path, args);
    return pixels({ scale: 1, origin: span(node), description, ...(shape ? { shape } : {}) });
  }
  if (!PIXEL_PASSTHROUGH.has(path)) return null;
  const first = args.positional[0]?.value;
  const found = pixelsIn(first);
  if (found) {
    const single = first ? pixelsOf(first) : null;
    // np.concatenate([x_train, x_test]): the list's arrays joined as NumPy joins them.
    const shape = single
      ? shapeAfterCall(path, single.shape ?? null, args)
      : (joined(path, first, args.positional[1]?.value ?? args.keyword.get('axis')?.value) ??
        imagesStacked(path, first));
    return pixels({ ...found, shape });
  }
  // img_to_array of an image the analyzer did not see loaded is still an image's pixels.
  if (path.endsWith('.img_to_array'))
    return pixels({ scale: 1, origin: span(node), description: 'images converted by img_to_array' });
  return null;
}

/** Methods of pixel arrays: those that keep the values keep the fact; any other is unknown. */
export function pixelMethod(receiver: Value, name: string, args: EvaluatedArgs): Value | null {
  const data = pixelsOf(receiver);
  if (!data) return null;
  if (!PIXEL_METHODS.has(name)) return UNKNOWN;
  const shape = data.shape ?? null;
  switch (name) {
    case 'reshape': {
      const dims =
        args.positional.length === 1
          ? args.positional[0].value
          : sequence(
              args.positional.map((a) => a.value),
              true,
            );
      return pixels({ ...data, shape: reshaped(shape, dims) });
    }
    case 'squeeze':
      return pixels({ ...data, shape: args.positional.length === 0 && shape ? shape.filter((d) => d !== 1) : null });
    case 'transpose': {
      const axes =
        args.positional.length === 1
          ? args.positional[0].value
          : sequence(
              args.positional.map((a) => a.value),
              true,
            );
      return pixels({ ...data, shape: transposed(shape, axes) });
    }
    case 'resize':
    case 'convert':
      return pixels({ ...data, shape: null });
    default:
      return receiver;
  }
}

/** `x.shape`, `x.ndim`, `x.size` of pixel arrays whose shape is known. Null when the owner is not pixels. */
export function pixelAttribute(owner: Value, name: string): Value | null {
  const data = pixelsOf(owner);
  if (!data) return null;
  const shape = data.shape;
  if (!shape) return UNKNOWN;
  if (name === 'shape')
    return sequence(
      shape.map((d) => (d === null ? UNKNOWN : num(d))),
      true,
    );
  if (name === 'ndim') return num(shape.length);
  if (name === 'size') return shape.every((d) => d !== null) ? num(product(shape as number[])) : UNKNOWN;
  return UNKNOWN;
}

/** `len(x)`: the number of samples of a pixel array whose shape is known. */
export function pixelLength(v: Value): Value | null {
  const n = pixelsOf(v)?.shape?.[0];
  return n === undefined ? null : n === null ? UNKNOWN : num(n);
}

/**
 * `x[:1000]` (rows), `x[..., None]` / `x[:, :, :, np.newaxis]` (a new axis): the
 * same pixels, and the shape when the analyzer can tell it.
 */
export function pixelSubscript(owner: Value, keys: Value[]): Value | null {
  const data = pixelsOf(owner);
  if (!data) return null;
  return pixels({ ...data, shape: subscripted(data.shape ?? null, keys) });
}

/** The shape after a call that keeps the pixels (see PIXEL_PASSTHROUGH). */
/**
 * `np.array(images)` of a list of images of one known shape: a sample axis
 * first, as long as the list (unknown when filled in a loop of unknown length).
 */
function imagesStacked(path: string, list: Value | undefined): (number | null)[] | null {
  if (path !== 'np.array' && path !== 'np.asarray' && path !== 'np.float32') return null;
  if (list?.kind !== 'sequence' || list.items.length === 0) return null;
  const shapes = list.items.map((item) => pixelsOf(item)?.shape ?? null);
  const first = shapes[0];
  if (!first || !shapes.every((s) => s && s.length === first.length && s.every((d, i) => d === first[i]))) return null;
  return [list.inexact ? null : list.items.length, ...first];
}

function shapeAfterCall(path: string, shape: (number | null)[] | null, args: EvaluatedArgs): (number | null)[] | null {
  if (!shape) return null;
  const second = args.positional[1]?.value;
  switch (path) {
    case 'np.expand_dims':
    case 'tf.expand_dims':
      return expanded(shape, intOf(second ?? args.keyword.get('axis')?.value));
    case 'np.reshape':
    case 'tf.reshape':
      return reshaped(shape, second ?? args.keyword.get('newshape')?.value ?? args.keyword.get('shape')?.value);
    case 'np.transpose':
    case 'tf.transpose':
      return transposed(shape, second ?? args.keyword.get('axes')?.value ?? args.keyword.get('perm')?.value);
    case 'np.squeeze':
      return args.positional.length === 1 && args.keyword.size === 0 ? shape.filter((d) => d !== 1) : null;
    case 'tf.image.resize':
      return resizedImage(shape, second ?? args.keyword.get('size')?.value);
    case 'cv2.resize':
      return resizedShape(shape, args);
    case 'cv2.cvtColor':
      return convertedShape(shape, args);
    case 'np.array':
    case 'np.asarray':
    case 'np.float32':
    case 'np.float64':
    case 'np.uint8':
    case 'tf.constant':
    case 'tf.convert_to_tensor':
    case 'tf.cast':
      return shape;
    default:
      return null;
  }
}

/**
 * `x / 255.0`, `x * (1. / 255)` rescale; adding or subtracting a number keeps
 * the spread of the values; anything else (`x - x.mean()`, `x / x.max()`) is a
 * statistic the analyzer does not follow.
 */
export function pixelBinary(op: string, l: Value, r: Value): Value | null {
  const left = pixelsOf(l);
  const right = pixelsOf(r);
  if (left && r.kind === 'number' && r.value !== 0) {
    if (op === '/') return pixels({ ...left, scale: left.scale / r.value });
    if (op === '*') return pixels({ ...left, scale: left.scale * r.value });
    if (op === '-' || op === '+') return l;
    return UNKNOWN;
  }
  if (right && l.kind === 'number') {
    if (op === '*') return pixels({ ...right, scale: right.scale * l.value });
    if (op === '-' || op === '+') return r;
    return UNKNOWN;
  }
  return left || right ? UNKNOWN : null;
}
