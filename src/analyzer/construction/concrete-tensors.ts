/**
 * Concrete tensors, Python's spelling: tensors the code makes from numbers
 * rather than from a model input (`tf.range(n)`, `keras.ops.arange(0, n, 1)`,
 * `tf.linspace`, `tf.zeros((4, 8))`, `tf.eye(n)`, `tf.constant([[0, 1]])`), and
 * operations whose arguments hold no symbolic tensor
 * (`keras.ops.expand_dims(keras.ops.arange(n), 0)`, `tf.exp(t * -k)`,
 * `keras.ops.cast(0.125, "float32")`). The usual place is a custom layer's
 * `call`: `positions = tf.range(0, tf.shape(x)[-1])` fed to a position
 * Embedding and added to the token embeddings.
 *
 * Their value is an array of known shape (array-data.ts), as a NumPy array's
 * is, never its values: where it meets a symbolic tensor it is a constant of
 * that shape (`x + positions`, broadcast right-aligned), and where a layer is
 * applied to it, a graph node of its own with no batch axis
 * (ModelConstruction.apply). What these functions compute from values the
 * analyzer does not know (`tf.range(n)` with `n` from data, the batch size)
 * stays unknown.
 *
 * TensorFlow.js has no symbolic use of its ops (tf.range inside a custom tfjs
 * layer's `call` is rare), so the handlers take Python only.
 */
import { arrayOf, arrayValue, axisSizeOf, holdsWeight, linspaceValues } from '../array-data';
import type { AxisSize, CallSite, Span, Value } from '../ir';
import type { OperationSpec } from '../keras/operations';
import { integer } from '../shapes/args';
import { concreteOperationShape } from '../shapes/operation-kind';
import type { CallTable, FrameworkCall } from './call-table';

type Dims = number[];

/**
 * An array value made by `path` at `span`. A null axis is a size known only
 * when the model runs (the batch, `tf.shape(x)[1]` of a variable-length
 * sequence: then `sizes` says which).
 */
function concrete(
  shape: readonly (number | null)[] | null,
  path: string,
  span: Span,
  sizes?: (AxisSize | null)[],
): Value | undefined {
  if (!shape || shape.some((d) => d !== null && (!Number.isSafeInteger(d) || d < 0))) return undefined;
  const known = sizes?.some((s) => s !== null) ? { sizes } : {};
  return arrayValue({ shape: [...shape], ...known, origin: span, description: `a tensor from ${path}` });
}

/**
 * A shape argument whose axes are numbers or sizes of the run (`(batch, dim)`
 * with `batch = tf.shape(z)[0]`, as a VAE's sampling layer writes it).
 */
function runShape(v: Value | undefined): { shape: (number | null)[]; sizes: (AxisSize | null)[] } | null {
  const one = integer(v);
  if (one !== null) return one >= 0 ? { shape: [one], sizes: [null] } : null;
  if (v?.kind !== 'sequence' || v.inexact) return null;
  const shape: (number | null)[] = [];
  const sizes: (AxisSize | null)[] = [];
  for (const item of v.items) {
    const d = integer(item);
    const size = axisSizeOf(item);
    if ((d === null || d < 0) && !size && item.kind !== 'none') return null;
    shape.push(d !== null && d >= 0 ? d : null);
    sizes.push(size);
  }
  return { shape, sizes };
}

/** A shape argument every axis of which is known: `(4, 8)`, `[n]`, a number for one axis, a known array's `.shape`. */
function dims(v: Value | undefined): Dims | null {
  if (!v) return null;
  const one = integer(v);
  if (one !== null) return one >= 0 ? [one] : null;
  if (v.kind !== 'sequence' || v.inexact) return null;
  const out = v.items.map(integer);
  return out.every((d) => d !== null && d >= 0) ? (out as Dims) : null;
}

/** The shape of what `tf.constant` / `convert_to_tensor` is given: a number, a known array, a literal nested list of them. */
function valueShape(v: Value | undefined, depth = 0): Dims | null {
  if (!v || depth > 32) return null;
  if (v.kind === 'number' || v.kind === 'bool') return [];
  const array = arrayOf(v);
  if (array) return array.shape.every((d) => d !== null) ? (array.shape as Dims) : null;
  if (v.kind !== 'sequence' || v.inexact) return null;
  const items = v.items.map((item) => valueShape(item, depth + 1));
  const first = items[0];
  if (first === undefined) return [0];
  // A ragged list: TensorFlow refuses it.
  if (!first || !items.every((s) => s && s.length === first.length && s.every((d, i) => d === first[i]))) return null;
  return [items.length, ...first];
}

/** An argument by parameter name; `None` counts as not given. */
function arg(site: CallSite, name: string): Value | undefined {
  const v = site.args.get(name)?.value;
  return v?.kind === 'none' ? undefined : v;
}

/**
 * How many numbers `range(start, stop, step)` makes, integers only (float
 * steps round as the framework's dtype does, which this does not model).
 * TensorFlow raises when the step goes away from the limit, and so does
 * keras.ops.arange on its TensorFlow backend.
 */
function rangeLength(start: Value | undefined, stop: Value | undefined, step: Value | undefined): [number] | null {
  const [a, b, s] = [start === undefined ? 0 : integer(start), integer(stop), step === undefined ? 1 : integer(step)];
  // Numbers only: None (the batch) is no limit here.
  if (a === null || b === null || !s) return null;
  const n = Math.ceil((b - a) / s);
  return n >= 0 ? [n] : null;
}

/** `range(start, stop, step)` with `range(n)` counting from 0, as tf.range and keras.ops.arange take it. */
function range(params: [string, string, string, ...string[]]) {
  const [first, second, third] = params;
  return (c: FrameworkCall) => {
    const site = c.bind({ keywords: params });
    const stop = arg(site, second);
    const [start, limit, step] = stop
      ? [arg(site, first), stop, arg(site, third)]
      : [undefined, arg(site, first), arg(site, third)];
    // 0, 1, … up to a size known only when the model runs (tf.shape(x)[1]): as long as that axis.
    const size = axisSizeOf(limit);
    if (size && (start === undefined || integer(start) === 0) && (step === undefined || integer(step) === 1))
      return arrayValue({ shape: [null], sizes: [size], origin: c.span, description: `a tensor from ${c.path}` });
    return concrete(rangeLength(start, limit, step), c.path, c.span);
  };
}

/** `tf.linspace(start, stop, num)` / `keras.ops.linspace(start, stop, num=50)` between two numbers: `num` values. */
function linspace(params: string[], defaultNum: number | null) {
  return (c: FrameworkCall) => {
    const site = c.bind({ keywords: params });
    const bounds = [arg(site, 'start'), arg(site, 'stop')];
    // Tensors as bounds make one line per element (an extra axis); `retstep` returns a pair.
    if (bounds.some((b) => b?.kind !== 'number') || arg(site, 'axis') || arg(site, 'retstep')) return undefined;
    const num = arg(site, 'num');
    const n = num ? integer(num) : defaultNum;
    const made = concrete(n === null ? null : [n], c.path, c.span);
    const data = made && arrayOf(made);
    const [start, stop] = bounds as { kind: 'number'; value: number }[];
    const endpoint = arg(site, 'endpoint');
    // keras.ops.linspace's endpoint= (tf.linspace always ends at stop).
    const values =
      n !== null && (!endpoint || endpoint.kind === 'bool')
        ? linspaceValues(start.value, stop.value, n, endpoint?.kind === 'bool' ? endpoint.value : true)
        : null;
    if (data && values) data.values = values;
    return made;
  };
}

/** `tf.signal.linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, …)`: (spectrogram bins, mel bins). */
function melWeightMatrix(c: FrameworkCall): Value | undefined {
  const site = c.bind({ keywords: ['num_mel_bins', 'num_spectrogram_bins', 'sample_rate', 'lower_edge_hertz'] });
  const given = (name: string, otherwise: number) => {
    const v = arg(site, name);
    return v === undefined ? otherwise : integer(v);
  };
  const [mel, bins] = [given('num_mel_bins', 20), given('num_spectrogram_bins', 129)];
  return concrete(mel === null || bins === null ? null : [bins, mel], c.path, c.span);
}

/** `tf.zeros(shape)`, `keras.ops.full(shape, value)`, `tf.random.normal(shape)`…: the shape as given. */
function filled(params: string[]) {
  return (c: FrameworkCall) => {
    const made = runShape(arg(c.bind({ keywords: params }), params[0]));
    return made ? concrete(made.shape, c.path, c.span, made.sizes) : undefined;
  };
}

/** `tf.eye(rows, columns=None)` / `keras.ops.eye(N, M=None)`: a matrix (TF's `batch_shape` is left to unknown). */
function eye(params: string[]) {
  return (c: FrameworkCall) => {
    const site = c.bind({ keywords: params });
    if (arg(site, 'batch_shape')) return undefined;
    const rows = integer(arg(site, params[0]));
    const given = arg(site, params[1]);
    const columns = given ? integer(given) : rows;
    return concrete(rows === null || columns === null ? null : [rows, columns], c.path, c.span);
  };
}

/** `tf.constant(value, dtype, shape)`, `convert_to_tensor(value)`: the value's shape, or the `shape` it is filled to. */
function constant(params: string[]) {
  return (c: FrameworkCall) => {
    const site = c.bind({ keywords: params });
    const value = valueShape(arg(site, params[0]));
    const shape = arg(site, 'shape');
    // tf.constant(0., shape=(2, 3)) fills the shape with a scalar; a list must have as many values.
    if (shape) return value && value.length === 0 ? concrete(dims(shape), c.path, c.span) : undefined;
    return concrete(value, c.path, c.span);
  };
}

/**
 * An operation of the table (`keras.ops.expand_dims`, `tf.exp`, the reductions…)
 * whose arguments hold no symbolic tensor but concrete ones or numbers: the
 * concrete tensor it computes, by the same shape rule as in a graph.
 * Undefined when the rule cannot tell (an argument it cannot read).
 */
export function concreteOperation(spec: OperationSpec, site: CallSite, path: string, span: Span): Value | undefined {
  const shape = concreteOperationShape(spec, site.args);
  if (!shape) return undefined;
  // `tf.transpose(self.kernel)`: still the layer's weight where it meets a tensor (see ArrayData.weight).
  if ([...site.args.values()].some((a) => holdsWeight(a.value)))
    return arrayValue({ shape: [...shape], origin: span, description: `a weight through ${path}`, weight: true });
  return concrete(shape, path, span);
}

/**
 * `keras.ops.meshgrid(a, b, indexing="ij")` / `tf.meshgrid(...)` of concrete
 * tensors: one tensor per argument, each shaped by every argument's size (the
 * number of values it holds, as NumPy flattens them), the first two swapped
 * under the default Cartesian "xy" indexing.
 */
function meshgrid(c: FrameworkCall): Value | undefined {
  if (c.opaqueArgs) return undefined;
  // `*xi` takes every positional argument: the options are keyword-only.
  const site = c.bind({});
  const indexing = arg(site, 'indexing');
  const how = indexing === undefined ? 'xy' : indexing.kind === 'string' ? indexing.value : null;
  const sparse = arg(site, 'sparse');
  // Sparse grids (NumPy's sparse=True) keep size 1 on the other axes: not modelled.
  if ((how !== 'xy' && how !== 'ij') || (sparse !== undefined && !(sparse.kind === 'bool' && !sparse.value)))
    return undefined;
  const sizes: number[] = [];
  for (const v of c.positional) {
    const shape = arrayOf(v)?.shape;
    if (!shape || shape.some((d) => d === null)) return undefined;
    sizes.push((shape as number[]).reduce((a, b) => a * b, 1));
  }
  if (sizes.length === 0) return undefined;
  const shape = how === 'xy' && sizes.length >= 2 ? [sizes[1], sizes[0], ...sizes.slice(2)] : sizes;
  const items = sizes.map(() => concrete(shape, c.path, c.span));
  if (items.some((v) => v === undefined)) return undefined;
  return { kind: 'sequence', items: items as Value[], tuple: false };
}

/**
 * `tf.Variable(initial_value)` / `keras.Variable(initializer, shape)` in a
 * custom layer: a weight of the initial value's shape (`tf.zeros((1, 1, dim))`,
 * an initializer's output) or of the shape written, which an operation in
 * `call` then reads as such (see ArrayData.weight).
 */
function variable(params: string[]) {
  return (c: FrameworkCall) => {
    const site = c.bind({ keywords: params });
    // keras.Variable(initializer, shape=…): the shape written, else the initial array's.
    const written = params.includes('shape') ? arg(site, 'shape') : undefined;
    const shape = written ? dims(written) : valueShape(arg(site, params[0]));
    return shape
      ? arrayValue({ shape, origin: c.span, description: `a weight from ${c.path}`, weight: true })
      : undefined;
  };
}

/**
 * An initializer object (`tf.random_uniform_initializer()`,
 * `keras.initializers.RandomNormal(stddev=0.02)`): called with a shape it
 * makes an array of that shape (initializerOutput), the initial value of a
 * `tf.Variable` in VQ-VAE's codebook.
 */
function initializer(c: FrameworkCall): Value | undefined {
  return c.language === 'python' && /^(?:tf\.\w+_initializer|keras\.initializers\.[A-Z]\w*)$/.test(c.path)
    ? { kind: 'opaque', tag: 'initializer', data: c.path }
    : undefined;
}

/** `init(shape=(64, 512), dtype="float32")` of an initializer object: an array of that shape; undefined when it cannot be read. */
export function initializerOutput(shape: Value | undefined, span: Span): Value | undefined {
  const made = dims(shape);
  return made
    ? arrayValue({ shape: made, origin: span, description: 'an initial value from an initializer' })
    : undefined;
}

export function registerConcreteTensors(table: CallTable): void {
  const python = (handler: (c: FrameworkCall) => Value | undefined) => (c: FrameworkCall) =>
    c.language === 'python' ? handler(c) : undefined;
  table
    .on('tf.range', python(range(['start', 'limit', 'delta', 'dtype', 'name'])))
    .on('keras.ops.arange', python(range(['start', 'stop', 'step', 'dtype'])))
    .on('tf.linspace', python(linspace(['start', 'stop', 'num', 'name', 'axis'], null)))
    .on('keras.ops.linspace', python(linspace(['start', 'stop', 'num', 'endpoint', 'retstep', 'dtype', 'axis'], 50)))
    .on('tf.zeros', python(filled(['shape', 'dtype', 'name'])))
    .on('tf.ones', python(filled(['shape', 'dtype', 'name'])))
    .on('tf.fill', python(filled(['dims', 'value', 'name'])))
    .on('keras.ops.zeros', python(filled(['shape', 'dtype'])))
    .on('keras.ops.ones', python(filled(['shape', 'dtype'])))
    .on('keras.ops.full', python(filled(['shape', 'fill_value', 'dtype'])))
    .on('tf.random.normal', python(filled(['shape', 'mean', 'stddev', 'dtype', 'seed', 'name'])))
    .on('tf.random.truncated_normal', python(filled(['shape', 'mean', 'stddev', 'dtype', 'seed', 'name'])))
    .on('tf.random.uniform', python(filled(['shape', 'minval', 'maxval', 'dtype', 'seed', 'name'])))
    .on('keras.random.normal', python(filled(['shape', 'mean', 'stddev', 'dtype', 'seed'])))
    .on('keras.random.truncated_normal', python(filled(['shape', 'mean', 'stddev', 'dtype', 'seed'])))
    .on('keras.random.uniform', python(filled(['shape', 'minval', 'maxval', 'dtype', 'seed'])))
    .on('keras.backend.random_normal', python(filled(['shape', 'mean', 'stddev', 'dtype', 'seed'])))
    .on('keras.backend.random_uniform', python(filled(['shape', 'minval', 'maxval', 'dtype', 'seed'])))
    .on('tf.eye', python(eye(['num_rows', 'num_columns', 'batch_shape', 'dtype', 'name'])))
    .on('keras.ops.eye', python(eye(['N', 'M', 'k', 'dtype'])))
    .on('tf.constant', python(constant(['value', 'dtype', 'shape', 'name'])))
    .on('tf.convert_to_tensor', python(constant(['value', 'dtype', 'dtype_hint', 'name'])))
    .on('keras.ops.convert_to_tensor', python(constant(['x', 'dtype', 'sparse', 'ragged'])))
    .on('keras.ops.array', python(constant(['x', 'dtype'])))
    .on('tf.signal.linear_to_mel_weight_matrix', python(melWeightMatrix))
    .on('keras.ops.meshgrid', python(meshgrid))
    .on('tf.meshgrid', python(meshgrid))
    .onPrefix('keras.initializers.', initializer)
    .on('tf.random_uniform_initializer', initializer)
    .on('tf.random_normal_initializer', initializer)
    .on('tf.truncated_normal_initializer', initializer)
    .on('tf.zeros_initializer', initializer)
    .on('tf.ones_initializer', initializer)
    .on('tf.constant_initializer', initializer)
    .on('tf.Variable', python(variable(['initial_value', 'trainable', 'validate_shape', 'caching_device', 'name'])))
    .on('keras.Variable', python(variable(['initializer', 'shape', 'dtype', 'trainable'])));
}
