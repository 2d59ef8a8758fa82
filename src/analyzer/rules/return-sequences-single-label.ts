import type { LabelInfo, LayerNode, TensorNode } from '../ir';
import { canonicalType } from '../shapes';
import { layerNames } from '../shapes/naming';
import { fix, fixes } from './edits';
import { modelLabels, modelLoss, PROBABILITY_LOSSES } from './facts';
import type { Rule } from './rule';
import { dependsOnCondition, formatShape, layerLabel } from './shape-facts';

const RECURRENT = new Set(['LSTM', 'GRU', 'SimpleRNN']);

/** Layers between the last recurrent layer and the output that act on the last axis only (every time step alike). */
const PER_STEP = new Set([
  'Dense',
  'Dropout',
  'Activation',
  'Softmax',
  'BatchNormalization',
  'LayerNormalization',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'ActivityRegularization',
]);

/** Labels the code shows to be one value (or one row) per sample: class ids, 0/1, targets from a loader. */
function onePerSample(labels: LabelInfo | null): boolean {
  if (!labels) return false;
  if (labels.encoding === 'integer' || labels.encoding === 'binary' || labels.encoding === 'continuous') return true;
  return labels.encoding === 'one-hot' && !!labels.singleColumnIfBinary;
}

/** The recurrent layer inside a node's layer (itself, or the one a Bidirectional wraps). */
function recurrentOf(layer: LayerNode): LayerNode | null {
  const type = canonicalType(layer.type);
  if (RECURRENT.has(type)) return layer;
  if (type === 'Bidirectional' && layer.inner && RECURRENT.has(canonicalType(layer.inner.type))) return layer.inner;
  return null;
}

/**
 * The last recurrent layer left at return_sequences=True: the layers after it
 * (Dense…) act on every time step, so the model outputs (batch, steps, units) while
 * the labels have one value per sample. Keras raises at fit() with a crossentropy
 * ("target and output must have the same rank"), TensorFlow.js raises with any loss,
 * and with mse Keras broadcasts and trains every step towards the sample's label.
 */
export const returnSequencesSingleLabel: Rule = {
  meta: {
    id: 'return-sequences-single-label',
    severity: 'error',
    summary:
      'the last recurrent layer returns sequences (return_sequences=True) but the labels have one value per sample',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect, shapes } = ctx;
    if (!model.complete || model.outputs.length !== 1) return;
    const labels = modelLabels(model);
    if (!onePerSample(labels)) return;
    const output = model.outputs[0];
    if (dependsOnCondition(output)) return;
    let node: TensorNode | undefined = output;
    let recurrent: { node: TensorNode; layer: LayerNode } | null = null;
    for (let guard = 0; node && guard < 64; guard++) {
      if (!node.layer.known || node.inputs.length > 1) return;
      const inner = recurrentOf(node.layer);
      if (inner) {
        recurrent = { node, layer: inner };
        break;
      }
      if (!PER_STEP.has(canonicalType(node.layer.type))) return;
      node = node.inputs[0];
    }
    // Nothing after the recurrent layer: its sequence output is then the model's output on purpose or not; not this rule.
    if (!recurrent || recurrent.node === output) return;
    // `seq, h, c = LSTM(..., return_sequences=True, return_state=True)(x)`: a state is one step, whatever return_sequences says.
    if (recurrent.node.output && recurrent.node.output.index > 0) return;
    const arg = recurrent.layer.call.args.get('return_sequences');
    if (arg?.value.kind !== 'bool' || !arg.value.value) return;
    const outShape = shapes.outputShape(output);
    if (outShape && outShape.length !== 3) return;
    const loss = modelLoss(model);
    const written = dialect.argName('return_sequences');
    const names = layerNames(model);
    const label = layerLabel(model, recurrent.node.layer, names);
    const crossentropy = !!loss?.id && PROBABILITY_LOSSES.has(loss.id);
    const python = dialect.language === 'python';
    const consequence = !python
      ? 'TensorFlow.js throws at fit() ("Error when checking target: expected … to have 3 dimension(s)")'
      : crossentropy
        ? 'Keras raises at fit() ("Arguments `target` and `output` must have the same rank")'
        : loss?.id
          ? 'Keras broadcasts the labels over the steps and trains every step towards the sample’s label, without an error'
          : 'Keras raises at fit() with a crossentropy, and with a regression loss silently trains every step';
    const removal = arg.fromSplat ? null : { span: arg.removal, newText: '' };
    ctx.report({
      message:
        `${label} returns the whole sequence (${written}${python ? '=True' : ': true'}) and it is the last recurrent layer, so the layers after it act on every time step ` +
        `and the model outputs ${outShape ? formatShape(outShape) : 'one prediction per step'}, while the labels have one value per sample (${labels!.description}): ${consequence}. ` +
        `Remove ${written} from the last recurrent layer so it returns only its last step (or pool over the steps, e.g. GlobalMaxPooling1D).`,
      span: arg.span,
      severity: !python || crossentropy ? 'error' : 'warning',
      related: [{ span: labels!.origin, message: `one label per sample: ${labels!.description}` }],
      fixes: fixes(fix(`Return only the last step (remove ${written})`, true, [removal])),
    });
  },
};
