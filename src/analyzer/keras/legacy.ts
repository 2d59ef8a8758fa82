/**
 * Keras 1 and 2 spellings → Keras 3 arguments, so code pasted from old
 * answers (`Convolution2D(32, 3, 3, border_mode='same', subsample=(2, 2))`,
 * `Dense(output_dim=64, init='normal')`, `fit(..., nb_epoch=10)`) is read the
 * way the Keras it was written for read it.
 *
 * The facts are those of Keras 2's keras/legacy/interfaces.py, which converted
 * Keras 1 calls when Keras 2 came out (one rename table per layer family,
 * value conversions for `dim_ordering`, and preprocessors for the positional
 * kernel sizes and `input_dim`/`input_length`), plus the Keras 1 classes Keras
 * 2 dropped (AtrousConvolution, Deconvolution). Keras 3 accepts none of them.
 *
 * Two ways in: LayerArgs (shapes/args.ts) reads a legacy keyword when the
 * Keras 3 one is not written (`legacyKeyword`), which needs nothing else; and
 * `normalizeLegacyArgs`, for the construction layer to call on a call's
 * arguments as written, before binding positional ones to parameter names: only
 * it can see `Convolution2D(32, 3, 3)`'s three positional ints.
 */
import type { Value } from '../ir';

type DataFormatValue = 'channels_last' | 'channels_first' | null;

/** Keras 1 `dim_ordering` values: 'tf' / 'th'; 'default' means the session's format (None). */
const DIM_ORDERING: Record<string, DataFormatValue> = {
  tf: 'channels_last',
  th: 'channels_first',
  default: null,
};

const DIM_ORDERING_RENAME: [string, string] = ['dim_ordering', 'data_format'];

/** Keras 1 weight-argument names shared by Dense and the convolutions. */
const WEIGHTS: [string, string][] = [
  ['init', 'kernel_initializer'],
  ['W_regularizer', 'kernel_regularizer'],
  ['b_regularizer', 'bias_regularizer'],
  ['W_constraint', 'kernel_constraint'],
  ['b_constraint', 'bias_constraint'],
  ['bias', 'use_bias'],
];

const CONV: [string, string][] = [
  ['nb_filter', 'filters'],
  ['subsample', 'strides'],
  ['border_mode', 'padding'],
  DIM_ORDERING_RENAME,
  ...WEIGHTS,
];

const RECURRENT: [string, string][] = [
  ['output_dim', 'units'],
  ['init', 'kernel_initializer'],
  ['inner_init', 'recurrent_initializer'],
  ['inner_activation', 'recurrent_activation'],
  ['W_regularizer', 'kernel_regularizer'],
  ['b_regularizer', 'bias_regularizer'],
  ['U_regularizer', 'recurrent_regularizer'],
  ['dropout_W', 'dropout'],
  ['dropout_U', 'recurrent_dropout'],
  ['consume_less', 'implementation'],
];

const POOLING_1D: [string, string][] = [
  ['pool_length', 'pool_size'],
  ['stride', 'strides'],
  ['border_mode', 'padding'],
];

/** Keras 3 class (aliases resolved) → legacy keyword → Keras 3 keyword. */
const RENAMES: Record<string, [string, string][]> = {
  Dense: [['output_dim', 'units'], ...WEIGHTS],
  Dropout: [['p', 'rate']],
  GaussianDropout: [['p', 'rate']],
  SpatialDropout1D: [['p', 'rate']],
  SpatialDropout2D: [['p', 'rate'], DIM_ORDERING_RENAME],
  SpatialDropout3D: [['p', 'rate'], DIM_ORDERING_RENAME],
  GaussianNoise: [['sigma', 'stddev']],
  PReLU: [['init', 'alpha_initializer']],
  Embedding: [
    ['init', 'embeddings_initializer'],
    ['W_regularizer', 'embeddings_regularizer'],
    ['W_constraint', 'embeddings_constraint'],
  ],
  SimpleRNN: RECURRENT,
  GRU: RECURRENT,
  LSTM: RECURRENT,
  MaxPooling1D: POOLING_1D,
  AveragePooling1D: POOLING_1D,
  ...Object.fromEntries(
    ['MaxPooling2D', 'AveragePooling2D', 'MaxPooling3D', 'AveragePooling3D'].map((c) => [
      c,
      [['border_mode', 'padding'], DIM_ORDERING_RENAME] as [string, string][],
    ]),
  ),
  ...Object.fromEntries(
    [
      'GlobalMaxPooling2D',
      'GlobalAveragePooling2D',
      'GlobalMaxPooling3D',
      'GlobalAveragePooling3D',
      'UpSampling2D',
      'UpSampling3D',
      'ZeroPadding2D',
      'ZeroPadding3D',
      'Cropping2D',
      'Cropping3D',
    ].map((c) => [c, [DIM_ORDERING_RENAME] as [string, string][]]),
  ),
  UpSampling1D: [['length', 'size']],
  Conv1D: [
    ['nb_filter', 'filters'],
    ['filter_length', 'kernel_size'],
    ['subsample_length', 'strides'],
    ['border_mode', 'padding'],
    ...WEIGHTS,
  ],
  Conv2D: CONV,
  Conv3D: CONV,
  Conv2DTranspose: CONV,
  SeparableConv2D: [
    ['nb_filter', 'filters'],
    ['subsample', 'strides'],
    ['border_mode', 'padding'],
    DIM_ORDERING_RENAME,
    ['b_regularizer', 'bias_regularizer'],
    ['b_constraint', 'bias_constraint'],
    ['bias', 'use_bias'],
    // Keras 2 set both initializers from `init`.
    ['init', 'depthwise_initializer'],
    ['init', 'pointwise_initializer'],
  ],
  ConvLSTM2D: [
    ...CONV,
    ['inner_init', 'recurrent_initializer'],
    ['U_regularizer', 'recurrent_regularizer'],
    ['inner_activation', 'recurrent_activation'],
    ['dropout_W', 'dropout'],
    ['dropout_U', 'recurrent_dropout'],
  ],
  BatchNormalization: [
    ['beta_init', 'beta_initializer'],
    ['gamma_init', 'gamma_initializer'],
  ],
  // Model(input=…, output=…), Input(input_dtype=…) and the training methods.
  Model: [
    ['input', 'inputs'],
    ['output', 'outputs'],
  ],
  Input: [['input_dtype', 'dtype']],
  fit: [['nb_epoch', 'epochs']],
  fit_generator: [
    ['samples_per_epoch', 'steps_per_epoch'],
    ['val_samples', 'steps'],
    ['nb_epoch', 'epochs'],
    ['nb_val_samples', 'validation_steps'],
    ['nb_worker', 'workers'],
    ['pickle_safe', 'use_multiprocessing'],
    ['max_q_size', 'max_queue_size'],
  ],
};
RENAMES.evaluate_generator = RENAMES.fit_generator;
RENAMES.predict_generator = RENAMES.fit_generator;

/** Keras 1 classes Keras 2 removed → the class and extra renames that replaced them. */
const KERAS1_CLASSES: Record<string, { className: string; renames: [string, string][] }> = {
  AtrousConvolution1D: {
    className: 'Conv1D',
    renames: [['atrous_rate', 'dilation_rate'], ...RENAMES.Conv1D],
  },
  AtrousConvolution2D: { className: 'Conv2D', renames: [['atrous_rate', 'dilation_rate'], ...CONV] },
  Deconvolution2D: { className: 'Conv2DTranspose', renames: CONV },
  Deconvolution3D: { className: 'Conv3DTranspose', renames: CONV },
};

/** Keras 1 class names Keras 3 still accepts as aliases, with their Keras 3 class. */
const ALIASES: Record<string, string> = {
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Convolution3D: 'Conv3D',
  SeparableConvolution2D: 'SeparableConv2D',
};

/** Values a rename converts: `dim_ordering='th'` → `data_format='channels_first'`, `consume_less='gpu'` → 2. */
function convertValue(legacy: string, v: Value): Value {
  if (v.kind !== 'string') return v;
  if (legacy === 'dim_ordering' && Object.hasOwn(DIM_ORDERING, v.value)) {
    const format = DIM_ORDERING[v.value];
    return format === null ? { kind: 'none' } : { kind: 'string', value: format };
  }
  if (legacy === 'consume_less') {
    const implementation = ({ cpu: 0, mem: 1, gpu: 2 } as Record<string, number>)[v.value];
    if (implementation !== undefined) return { kind: 'number', value: implementation, isInt: true };
  }
  return v;
}

/** The Keras 3 class for a class name as written (Keras 1 ones included), and its renames. */
function legacyClass(className: string): { className: string; renames: [string, string][] } {
  const dropped = KERAS1_CLASSES[className];
  if (dropped) return dropped;
  const modern = ALIASES[className] ?? className;
  return { className: modern, renames: RENAMES[modern] ?? [] };
}

/** The Keras 3 class a Keras 1 class name stands for (`AtrousConvolution2D` → `Conv2D`), or null when it is not one. */
export function keras1Class(className: string): string | null {
  return KERAS1_CLASSES[className]?.className ?? null;
}

/**
 * For LayerArgs: the legacy keyword `written` holds for Keras 3 parameter
 * `name` of `className`, converted (`subsample` for Conv2D's `strides`),
 * including the keyword forms of the kernel size (`nb_row`/`nb_col`,
 * `kernel_dim1..3`). Undefined when no legacy keyword for it is written.
 */
export function legacyKeyword(
  className: string,
  name: string,
  written: (keyword: string) => Value | undefined,
): Value | undefined {
  const { className: modern, renames } = legacyClass(className);
  for (const [legacy, current] of renames) {
    if (current !== name) continue;
    const v = written(legacy);
    if (v !== undefined) return convertValue(legacy, v);
  }
  if (name === 'kernel_size') {
    const parts = modern === 'Conv3D' ? ['kernel_dim1', 'kernel_dim2', 'kernel_dim3'] : ['nb_row', 'nb_col'];
    if (['Conv2D', 'Conv3D', 'Conv2DTranspose', 'SeparableConv2D', 'ConvLSTM2D'].includes(modern)) {
      const values = parts.map(written);
      if (values.every((v) => v !== undefined)) return { kind: 'sequence', items: values as Value[], tuple: true };
    }
  }
  return undefined;
}

/** A call's arguments as written: positional ones in order, keywords by name. */
export interface WrittenArgs<T> {
  positional: T[];
  keyword: Map<string, T>;
}

/** How the caller's argument objects are read and made (they carry spans the analyzer needs). */
export interface ArgOps<T> {
  valueOf(arg: T): Value;
  /** An argument with value `v` standing for `from` (a kernel size built from nb_row and nb_col). */
  make(v: Value, from: readonly T[]): T;
}

export interface LegacyNormalized<T> {
  /** The Keras 3 class (`Convolution2D` → `Conv2D`, `AtrousConvolution2D` → `Conv2D`). */
  className: string;
  args: WrittenArgs<T>;
  /** What was converted, legacy → Keras 3 (`subsample` → `strides`, `nb_row/nb_col` → `kernel_size`), for messages. */
  converted: [string, string][];
}

const isInt = (v: Value) => v.kind === 'number' && v.isInt;

/** Every keyword that makes `normalizeLegacyArgs` change a call of a class written with its Keras 3 name. */
const LEGACY_KEYWORDS = new Set([
  ...Object.values(RENAMES).flatMap((pairs) => pairs.map(([legacy]) => legacy)),
  ...['nb_row', 'nb_col', 'kernel_dim1', 'kernel_dim2', 'kernel_dim3'],
  ...['input_dim', 'mode', 'dropout', 'forget_bias_init'],
]);

/**
 * The Keras 3 form of a layer (or Model/Input/fit) call written for Keras 1/2,
 * as Keras 2's legacy interfaces converted it: legacy keywords renamed (values
 * converted), and the positional kernel sizes of Keras 1 convolutions
 * (`Convolution2D(32, 3, 3)`: filters, nb_row, nb_col) joined into
 * `kernel_size`. `Conv2D(32, 3, 3)` in Keras 3 means strides=3; Keras 2 read
 * three positional ints as Keras 1's kernel size and refused strides given
 * positionally, so the Keras 1 reading is taken whenever the class was written
 * with its Keras 1 name or a legacy keyword is present. A call with nothing
 * legacy comes back unchanged.
 */
export function normalizeLegacyArgs<T>(className: string, args: WrittenArgs<T>, ops: ArgOps<T>): LegacyNormalized<T> {
  const { className: modern, renames } = legacyClass(className);
  // Most calls are modern: nothing to convert, nothing copied (this runs for every layer call).
  if (className === modern && !(modern === 'Conv2DTranspose' && args.positional.length === 4)) {
    let legacy = false;
    for (const name of args.keyword.keys()) if (LEGACY_KEYWORDS.has(name)) legacy = true;
    if (!legacy) return { className: modern, args, converted: [] };
  }
  const keyword = new Map(args.keyword);
  let positional = [...args.positional];
  const converted: [string, string][] = [];
  const hasLegacyKeyword = renames.some(([legacy]) => keyword.has(legacy));
  const keras1Name = className !== modern;
  for (const [legacy, current] of renames) {
    const arg = keyword.get(legacy);
    if (arg === undefined) continue;
    // Keras 2 refused both spellings at once; the Keras 3 one is what the code's author meant last.
    if (!keyword.has(current)) {
      const v = ops.valueOf(arg);
      const c = convertValue(legacy, v);
      keyword.set(current, c === v ? arg : ops.make(c, [arg]));
      converted.push([legacy, current]);
    }
  }
  // A legacy keyword renamed to two parameters (SeparableConv2D's init) is removed once both are set.
  for (const [legacy] of renames) keyword.delete(legacy);
  const kernelParts =
    modern === 'Conv3D' ? 3 : ['Conv2D', 'Conv2DTranspose', 'SeparableConv2D', 'ConvLSTM2D'].includes(modern) ? 2 : 0;
  if (kernelParts > 0) {
    const names = kernelParts === 3 ? ['kernel_dim1', 'kernel_dim2', 'kernel_dim3'] : ['nb_row', 'nb_col'];
    // Deconvolution2D's 4th positional argument was Keras 1's output_shape (a tuple), which Keras 2 dropped.
    if (modern === 'Conv2DTranspose' && positional.length === 4 && ops.valueOf(positional[3]).kind === 'sequence')
      positional = positional.slice(0, 3);
    const legacyPositional =
      (keras1Name || hasLegacyKeyword) &&
      positional.length === 1 + kernelParts &&
      positional.slice(1).every((a) => isInt(ops.valueOf(a)));
    if (legacyPositional) {
      const parts = positional.slice(1);
      positional = [positional[0], ops.make({ kind: 'sequence', items: parts.map(ops.valueOf), tuple: true }, parts)];
      converted.push([names.slice(0, kernelParts).join('/'), 'kernel_size']);
    } else {
      // Some of the kernel's sizes positional after the filters, the rest as keywords (Keras 2 read both).
      const given = positional.slice(1);
      const rest = names.slice(given.length).map((n) => keyword.get(n));
      if (
        given.length < kernelParts &&
        given.every((a) => isInt(ops.valueOf(a))) &&
        rest.every((a) => a !== undefined) &&
        (given.length > 0 || rest.length > 0) &&
        !keyword.has('kernel_size')
      ) {
        const parts = [...given, ...(rest as T[])];
        for (const n of names) keyword.delete(n);
        const kernel = ops.make({ kind: 'sequence', items: parts.map(ops.valueOf), tuple: true }, parts);
        if (positional.length >= 1) positional = [positional[0], kernel];
        else keyword.set('kernel_size', kernel);
        converted.push([names.join('/'), 'kernel_size']);
      }
    }
  }
  // Recurrent layers and Conv1D: input_dim (with input_length) was the input shape (input_length, input_dim).
  if (
    ['SimpleRNN', 'GRU', 'LSTM', 'Conv1D'].includes(modern) &&
    keyword.has('input_dim') &&
    !keyword.has('input_shape')
  ) {
    const dim = keyword.get('input_dim')!;
    const length = keyword.get('input_length');
    const items: Value[] = [length ? ops.valueOf(length) : { kind: 'none' }, ops.valueOf(dim)];
    keyword.set('input_shape', ops.make({ kind: 'sequence', items, tuple: true }, length ? [length, dim] : [dim]));
    keyword.delete('input_dim');
    keyword.delete('input_length');
    converted.push(['input_dim', 'input_shape']);
  }
  // BatchNormalization(mode=0) was the only mode Keras 2 kept; Embedding's dropout had no Keras 2 equivalent.
  if (modern === 'BatchNormalization') keyword.delete('mode');
  if (modern === 'Embedding') keyword.delete('dropout');
  // Keras 1 recurrent layers: forget_bias_init='one' became unit_forget_bias=True.
  const forget = keyword.get('forget_bias_init');
  if (forget !== undefined && ['LSTM', 'ConvLSTM2D'].includes(modern)) {
    const v = ops.valueOf(forget);
    keyword.delete('forget_bias_init');
    if (v.kind === 'string' && v.value === 'one') {
      keyword.set('unit_forget_bias', ops.make({ kind: 'bool', value: true }, [forget]));
      converted.push(['forget_bias_init', 'unit_forget_bias']);
    }
  }
  return { className: modern, args: { positional, keyword }, converted };
}
