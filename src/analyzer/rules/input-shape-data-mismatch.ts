import type { Dialect } from '../dialect';
import type { ArgInfo, FitInfo, LayerNode, PixelInput, Value } from '../ir';
import { modelLayers } from '../ir';
import { isModelInput } from '../shapes/input';
import { fix, fixes, replaceValue } from './edits';
import type { Rule, RuleContext } from './rule';

type Dims = (number | null)[];

/** What the rule reads of an array given to fit: image pixels (PixelInput) or a NumPy array of known shape (ArrayInput). */
type Shaped = Pick<PixelInput, 'arg' | 'written' | 'shape' | 'description'>;

function trainingArray(fit: FitInfo): Shaped | undefined {
  return fit.pixels?.x ?? fit.arrays?.x;
}

function validationArray(fit: FitInfo): Shaped | undefined {
  return fit.pixels?.validation ?? fit.arrays?.validation;
}

interface Declared {
  /** One sample's shape as declared (the batch axis taken off `batch_shape`). */
  shape: Dims;
  arg: ArgInfo;
  /** The argument's name as Keras spells it: input_shape, shape, input_dim… */
  name: string;
}

/** A shape written as a literal tuple/list of numbers and None, or a single number (input_dim, shape=784). */
function dimsOf(v: Value): Dims | null {
  if (v.kind === 'number') return v.isInt && v.value > 0 ? [v.value] : null;
  if (v.kind !== 'sequence' || v.inexact) return null;
  const out: Dims = [];
  for (const item of v.items) {
    if (item.kind === 'none') out.push(null);
    else if (item.kind === 'number' && item.isInt && item.value > 0) out.push(item.value);
    else return null;
  }
  return out;
}

/** Where the model's input shape is declared: Input(shape=…), or the first layer's input_shape/input_dim. */
function declaredInput(layer: LayerNode): Declared | null {
  const input = layer.type === 'InputLayer';
  const names = input
    ? ['shape', 'input_shape', 'batch_shape', 'batch_input_shape']
    : ['input_shape', 'batch_input_shape', 'batch_shape', ...(layer.type === 'Embedding' ? [] : ['input_dim'])];
  for (const name of names) {
    const arg = layer.call.args.get(name);
    if (!arg) continue;
    const dims = dimsOf(arg.value);
    if (!dims || (name === 'input_dim' && dims.length !== 1)) return null;
    return { shape: name.startsWith('batch') ? dims.slice(1) : dims, arg, name };
  }
  return null;
}

function same(a: Dims, b: Dims): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

function known(dims: Dims): dims is number[] {
  return dims.every((d) => d !== null);
}

function size(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** `(28, 28)`, `(784,)` in Python; `[28, 28]` in JavaScript. */
function shapeCode(dialect: Dialect, dims: number[]): string {
  if (dialect.language === 'javascript') return `[${dims.join(', ')}]`;
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

function shapeText(dims: Dims): string {
  const inner = dims.map((d) => (d === null ? 'None' : String(d)));
  return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(', ')})`;
}

/** Data (c, h, w) against a model that takes (h, w, c), with c a channel count (1, 3, 4). */
function channelsFirst(sample: number[], want: number[]): boolean {
  if (sample.length < 3 || sample.length !== want.length) return false;
  const c = sample[0];
  return [1, 3, 4].includes(c) && want[want.length - 1] === c && same(sample.slice(1), want.slice(0, -1));
}

const ATOM = /^[A-Za-z_$][\w$.]*(\[[^[\]]*\])*$/;

/** `x.reshape(-1, 784)` for the fit argument; null when its text is not known. */
function reshapeEdit(input: Shaped | undefined, dims: number[]) {
  if (!input?.arg || !input.written) return null;
  const code = ATOM.test(input.written) ? input.written : `(${input.written})`;
  return replaceValue(input.arg, `${code}.reshape(-1, ${dims.join(', ')})`);
}

/**
 * The model's declared input shape against the shape of the arrays fit is given,
 * when both are known: `input_shape=x.shape` (the sample axis included),
 * `input_dim=len(x)` (the sample count), or samples of another shape than the
 * model takes (MNIST's 28×28 images into `input_shape=(784,)`). Keras refuses the
 * data when fit starts.
 */
export const inputShapeDataMismatch: Rule = {
  meta: {
    id: 'input-shape-data-mismatch',
    severity: 'error',
    summary:
      'the declared input shape does not match the data given to fit (sample axis included, sample count, other layout)',
    fixable: true,
  },
  check(ctx) {
    const { model } = ctx;
    if (model.kind === 'subclassed') return;
    const roots = model.nodes.filter(isModelInput);
    if (roots.length !== 1 || roots[0].conditional || roots[0].layer.conditional) return;
    const declared = declaredInput(roots[0].layer);
    if (!declared || declared.arg.fromSplat) return;
    for (const fit of model.fits) if (!fit.conditional) checkFit(ctx, declared, fit);
  },
};

function fits(want: Dims, sample: Dims): boolean {
  return same(want, sample) || same(want, [...sample, 1]) || same([...want, 1], sample);
}

/**
 * The training arrays fit, the validation arrays do not (x_train reshaped, x_test
 * not): training runs one epoch, then Keras refuses the validation data.
 */
function checkValidation(ctx: RuleContext, declared: Declared, fit: FitInfo, x: Shaped): void {
  const validation = validationArray(fit);
  const full = validation?.shape;
  if (!validation?.arg || !full || full.length < 2) return;
  const sample = full.slice(1);
  const want = declared.shape;
  if (fits(want, sample)) return;
  const trainShape = x.shape ? x.shape.slice(1) : want;
  const vName = validation.written && validation.written.length <= 40 ? validation.written : 'the validation array';
  const reshape = known(want) && known(sample) && size(want) === size(sample);
  ctx.report({
    message:
      `The validation data does not have the shape the model takes: ${vName} (${validation.description}) has shape ${shapeText(full)}, samples of shape ${shapeText(sample)}, ` +
      `while the model takes ${shapeText(want)} (${ctx.dialect.argName(declared.name)}) and the training data fits it. ` +
      'Training runs for one epoch, then Keras refuses the validation data. Prepare the validation (and test) data exactly like the training data.',
    span: validation.arg.span,
    related: [
      { span: declared.arg.span, message: `the model takes ${shapeText(want)}` },
      ...(x.arg ? [{ span: x.arg.span, message: `training samples of shape ${shapeText(trainShape)}` }] : []),
    ],
    fixes: reshape
      ? fixes(
          fix(`Reshape the validation data to ${shapeText(want)} per sample`, true, [
            reshapeEdit(validation, want as number[]),
          ]),
        )
      : [],
  });
}

function checkFit(ctx: RuleContext, declared: Declared, fit: FitInfo): void {
  const { dialect } = ctx;
  const x = trainingArray(fit);
  const full = x?.shape;
  if (!x?.arg || !full || full.length < 2) return;
  const sample = full.slice(1);
  const count = full[0];
  const want = declared.shape;
  // Keras adds or drops a trailing axis of 1 itself ((n, 28, 28) into (28, 28, 1) trains).
  if (fits(want, sample)) {
    checkValidation(ctx, declared, fit, x);
    return;
  }
  const name = dialect.argName(declared.name);
  const xName = x.written && x.written.length <= 40 ? x.written : 'the training array';
  const data = `${xName} (${x.description}) has shape ${shapeText(full)}`;
  const related = [{ span: x.arg.span, message: `fit on ${shapeText(full)}: samples of shape ${shapeText(sample)}` }];
  const oneSample = known(sample) ? sample : null;
  if (count !== null && want.length === full.length && same(want, full)) {
    ctx.report({
      message:
        `${name} is the whole array's shape ${shapeText(full)}, sample axis included: ${data}. ` +
        `Keras adds the batch axis itself, so the model expects each sample to be ${shapeText(want)} and fit fails. ` +
        `Declare the shape of one sample, ${shapeText(sample)}${x.written && ATOM.test(x.written) ? ` (${x.written}.shape[1:])` : ''}.`,
      span: declared.arg.span,
      related,
      fixes: oneSample
        ? fixes(
            fix(`Declare one sample's shape ${shapeText(oneSample)}`, true, [
              replaceValue(declared.arg, shapeCode(dialect, oneSample)),
            ]),
          )
        : [],
    });
    return;
  }
  if (count !== null && want.length === 1 && want[0] === count) {
    const features = oneSample && oneSample.length === 1 ? oneSample[0] : null;
    ctx.report({
      message:
        `${name} is ${count}, the number of samples, not the size of one sample: ${data}, so each sample is ${shapeText(sample)}. ` +
        `The model expects samples of ${count} values and fit fails. Declare the shape of one sample${features !== null ? ` (${features} features)` : ''}.`,
      span: declared.arg.span,
      related,
      fixes:
        oneSample && features !== null
          ? fixes(
              fix(`Declare ${features} features`, true, [
                replaceValue(
                  declared.arg,
                  declared.name === 'input_dim' ? String(features) : shapeCode(dialect, oneSample),
                ),
              ]),
            )
          : [],
    });
    return;
  }
  if (oneSample && known(want) && channelsFirst(oneSample, want)) {
    const order = [0, ...oneSample.map((_, i) => i + 2).slice(0, -1), 1];
    const edit = x.written
      ? replaceValue(x.arg, `${ATOM.test(x.written) ? x.written : `(${x.written})`}.transpose(${order.join(', ')})`)
      : null;
    ctx.report({
      message:
        `The model takes channels-last samples ${shapeText(want)} (${name}), but ${data}: channels first, ${shapeText(sample)}. ` +
        'Keras refuses the data when fit starts (or, with a shape that happens to fit, convolves across the wrong axes). ' +
        `Move the channel axis last: ${x.written && ATOM.test(x.written) ? `${x.written}.transpose(${order.join(', ')})` : `transpose(${order.join(', ')})`}.`,
      span: declared.arg.span,
      related,
      fixes: fixes(fix('Move the channel axis of the data last', true, [edit])),
    });
    return;
  }
  if (oneSample && known(want) && channelsFirst(want, oneSample)) {
    // Keras 1 "th" code: the shape declared channels first, the data (and, by default, the layers) channels last.
    const layersLast = modelLayers(ctx.model).every((layer) => {
      const format = layer.call.args.get('data_format')?.value;
      if (format) return format.kind === 'string' && format.value === 'channels_last';
      return layer.imageDataFormat === undefined || layer.imageDataFormat === 'channels_last';
    });
    ctx.report({
      message:
        `The model declares channels-first samples ${shapeText(want)} (${name}), but ${data}: channels last, ${shapeText(sample)}. ` +
        `Keras refuses the data when fit starts. ${layersLast ? `The layers are channels last (Keras's default), so declare the data's shape, ${shapeText(sample)}.` : 'Make the data and the declared shape agree on where the channel axis is.'}`,
      span: declared.arg.span,
      related,
      fixes: layersLast
        ? fixes(
            fix(`Declare the data's channels-last shape ${shapeText(oneSample)}`, true, [
              replaceValue(declared.arg, shapeCode(dialect, oneSample)),
            ]),
          )
        : [],
    });
    return;
  }
  const sameValues = known(want) && oneSample && size(want) === size(oneSample);
  const declaredAs =
    oneSample && (declared.name !== 'input_dim' || oneSample.length === 1)
      ? declared.name === 'input_dim'
        ? String(oneSample[0])
        : shapeCode(dialect, oneSample)
      : null;
  const validation = validationArray(fit);
  const validationToo = validation?.arg && validation.shape && same(validation.shape.slice(1), sample);
  ctx.report({
    message:
      `The model takes samples of shape ${shapeText(want)} (${name}), but ${data}: samples of shape ${shapeText(sample)}` +
      `${sameValues ? `, the same ${size(want as number[])} values in another layout` : ''}. Keras refuses the data when fit starts. ` +
      (sameValues
        ? `Reshape the data to ${shapeText(want)} per sample, or declare ${shapeText(sample)} and flatten inside the model.`
        : 'Declare the shape the data has, or prepare the data the way the model expects it.'),
    span: declared.arg.span,
    related,
    fixes: fixes(
      sameValues
        ? fix(`Reshape the data to ${shapeText(want)} per sample`, true, [
            reshapeEdit(x, want as number[]),
            validationToo ? reshapeEdit(validation, want as number[]) : [],
          ])
        : null,
      // Not preferred: the data may be what is wrong (a column too few sliced out).
      declaredAs && oneSample
        ? fix(`Declare the data's sample shape ${shapeText(oneSample)}`, false, [
            replaceValue(declared.arg, declaredAs),
          ])
        : null,
    ),
  });
}
