import type { Dialect } from '../dialect';
import type { Edit } from '../findings';
import type { FitInfo, LayerNode, ModelIR, PixelInput } from '../ir';
import { modelLayers } from '../ir';
import { isBackbone } from '../keras/applications';
import { fix, fixes, replaceValue, setArgument } from './edits';
import type { Rule, RuleContext } from './rule';

/**
 * Layers that put their input on a scale of their own (or may: a Lambda, an
 * operation on the input tensor, a layer the analyzer does not model, a
 * `keras.applications` backbone, which brings its own preprocessing or
 * expects `preprocess_input`). A model with any of them is not this rule's case.
 */
const SCALING_LAYERS = new Set([
  'Rescaling',
  'Normalization',
  'BatchNormalization',
  'LayerNormalization',
  'GroupNormalization',
  'UnitNormalization',
  'Lambda',
  'TFOpLambda',
]);

function mayScale(layer: LayerNode, depth: number): boolean {
  if (layer.operation || !layer.known || SCALING_LAYERS.has(layer.type) || isBackbone(layer.type)) return true;
  if (layer.inner && mayScale(layer.inner, depth)) return true;
  return !!layer.model && (depth > 4 || modelMayScale(layer.model, depth + 1));
}

function modelMayScale(model: ModelIR, depth = 0): boolean {
  if (model.kind === 'subclassed' || !model.complete) return true;
  return modelLayers(model).some((layer) => mayScale(layer, depth));
}

/** An expression that takes `/ 255.0` without parentheses: a name, an attribute, a subscript. */
const ATOM = /^[A-Za-z_$][\w$.]*(\[[^[\]]*\])*$/;

function divided(dialect: Dialect, written: string, scale: number): string | null {
  const code = ATOM.test(written) ? written : `(${written})`;
  if (Math.abs(scale * 255 - 1) > 1e-9) return null;
  // TensorFlow.js tensors take no operators: x.div(255).
  return dialect.language === 'javascript' ? `${code}.div(255)` : `${code} / 255.0`;
}

/** The edit that scales one input the way `scale` says (1/255 when training is not scaled at all). */
function scaleEdit(dialect: Dialect, input: PixelInput, scale: number): Edit | null {
  if (input.generator)
    return Math.abs(scale * 255 - 1) < 1e-9 ? setArgument(input.generator, dialect, 'rescale', '1./255') : null;
  if (input.arg && input.written) {
    const code = divided(dialect, input.written, scale);
    return code ? replaceValue(input.arg, code) : null;
  }
  return null;
}

function what(input: PixelInput, fallback: string): string {
  return input.written && input.written.length <= 40 ? input.written : fallback;
}

/**
 * Image pixels 0–255 fed to a model that does not scale them, or training
 * data scaled and validation data not. Keras trains either without a word,
 * but inputs in the hundreds saturate activations and make the first layer's
 * gradients hundreds of times too large: the loss jumps or stalls at chance.
 */
export const inputsNotScaled: Rule = {
  meta: {
    id: 'inputs-not-scaled',
    severity: 'warning',
    summary:
      'image pixels 0–255 fed to fit unscaled (no division, no Rescaling layer), or validation data not scaled like training data',
    fixable: true,
  },
  check(ctx) {
    const { model } = ctx;
    const fits = model.fits.filter((f) => !f.conditional && f.pixels);
    if (fits.length === 0 || modelMayScale(model)) return;
    for (const fit of fits) checkFit(ctx, fit);
  },
};

function checkFit(ctx: RuleContext, fit: FitInfo): void {
  const { dialect } = ctx;
  const x = fit.pixels?.x;
  const validation = fit.pixels?.validation;
  const validationRaw = validation && validation.scale === 1 ? validation : undefined;
  const xSpan = x?.arg?.span ?? fit.call.args.get('x')?.span;
  const validationSpan = validation?.arg?.span ?? fit.call.args.get('validation_data')?.span;
  const cure = x?.generator
    ? 'Give the ImageDataGenerator rescale=1./255 (every generator that feeds the model: training, validation, test)'
    : x?.arg
      ? `Divide by 255 (${divided(dialect, x.written ?? 'x', 1 / 255)}; the same for validation and test data) or put ${dialect.language === 'javascript' ? 'tf.layers.rescaling({scale: 1 / 255})' : 'Rescaling(1./255)'} first in the model`
      : 'Put Rescaling(1./255) first in the model (it then scales whatever the model is given, in training and prediction alike)';
  if (x && x.scale === 1 && xSpan) {
    const generators = new Set([x.generator, validationRaw?.generator].filter((g) => g));
    const edits = [scaleEdit(dialect, x, 1 / 255)];
    if (validationRaw && (!validationRaw.generator || generators.size > 1))
      edits.push(scaleEdit(dialect, validationRaw, 1 / 255));
    const title = x.generator ? 'Add rescale=1./255 to the ImageDataGenerator' : 'Divide the images by 255';
    ctx.report({
      message:
        `${x.arg ? `${what(x, 'The training array')} holds` : `The images ${fitNoun(x)} hold`} pixel values from 0 to 255 (${x.description}), and neither the code nor the model scales them: ` +
        `${x.generator ? 'the generator has no rescale' : 'no division by 255'}, no Rescaling or Normalization layer. ` +
        'Inputs in the hundreds saturate activations and make the first layer’s gradients hundreds of times too large, so the loss jumps around or stalls near chance. ' +
        `${cure}.`,
      span: xSpan,
      related: [{ span: x.origin, message: `loaded here: ${x.description}, values 0–255` }],
      fixes: x.arg || x.generator ? fixes(fix(title, true, edits)) : [],
    });
    return;
  }
  if (x && x.scale !== 1 && validationRaw && validationSpan) {
    const edit = scaleEdit(dialect, validationRaw, x.scale);
    ctx.report({
      message:
        `The training images are scaled (by ${formatScale(x.scale)}), but the validation images are not: ` +
        `${validationRaw.arg ? `${what(validationRaw, 'the validation array')} holds` : `the images ${fitNoun(validationRaw)} hold`} pixel values from 0 to 255 (${validationRaw.description}). ` +
        'The model is validated on inputs hundreds of times larger than anything it was trained on, so the validation loss and accuracy say nothing about it. ' +
        'Scale validation (and test) data exactly like the training data.',
      span: validationSpan,
      related: [
        { span: x.arg?.span ?? x.origin, message: `training images scaled by ${formatScale(x.scale)}` },
        {
          span: validationRaw.origin,
          message: `validation images loaded here: ${validationRaw.description}, values 0–255`,
        },
      ],
      fixes: fixes(
        fix(
          validationRaw.generator
            ? 'Add rescale=1./255 to the validation generator'
            : 'Scale the validation images like the training images',
          true,
          [edit],
        ),
      ),
    });
  }
}

function fitNoun(input: PixelInput): string {
  return input.generator ? 'this generator yields' : 'of this dataset';
}

function formatScale(scale: number): string {
  if (Math.abs(scale * 255 - 1) < 1e-9) return '1/255';
  const inverse = 1 / scale;
  return Number.isInteger(Math.round(inverse * 1000) / 1000) ? `1/${Math.round(inverse)}` : String(scale);
}
