import type { Fix, RelatedInfo } from '../findings';
import type { ArgInfo } from '../ir';
import { fix, fixes, replaceValue, setActivation, setLoss } from './edits';
import {
  CATEGORICAL_LOSSES,
  isMultiColumnOneHot,
  layerActivation,
  lossAcceptsLabels,
  modelLabels,
  modelLoss,
  outputHead,
  type ActivationFact,
} from './facts';
import type { Rule } from './rule';

/**
 * softmax normalises over the last axis; over one unit it is exp(x)/exp(x) = 1.0
 * for every input, so the gradient is zero and the model cannot learn.
 */
export const softmaxSingleUnit: Rule = {
  meta: {
    id: 'softmax-single-unit',
    severity: 'error',
    summary: 'softmax over a single unit always outputs 1.0: the model cannot learn',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const head = outputHead(ctx);
    const loss = modelLoss(model);
    const labels = modelLabels(model);
    for (const node of model.nodes) {
      const activation = layerActivation(node.layer);
      if (activation?.id !== 'softmax' || node.conditional) continue;
      // Width of the axis softmax runs over: the Dense's own units, or the input's last axis for a layer.
      let width: number | null = null;
      if (!activation.viaLayer) {
        // Dense: its units; Conv: its filters, when channels are the last axis (where softmax runs).
        const channelsFirst = node.layer.call.args.get('data_format')?.value;
        const units = node.layer.call.args.get('units')?.value ?? node.layer.call.args.get('filters')?.value;
        width =
          units?.kind === 'number' && !(channelsFirst?.kind === 'string' && channelsFirst.value === 'channels_first')
            ? units.value
            : null;
        // Otherwise the inferred last axis (softmax runs over axis -1 whatever the data format).
        if (width === null) {
          const shape = ctx.shapes.outputShape(node);
          width = shape && shape.length >= 2 ? shape[shape.length - 1] : null;
        }
      } else if (node.inputs[0]) {
        const shape = ctx.shapes.outputShape(node.inputs[0]);
        width = shape ? shape[shape.length - 1] : null;
        if (width === null && node.inputs[0].layer.type === 'Dense') {
          const units = node.inputs[0].layer.call.args.get('units')?.value;
          width = units?.kind === 'number' ? units.value : null;
        }
      }
      if (width !== 1) continue;
      const isOutput = head?.activation?.layer === node.layer;
      const related: RelatedInfo[] = [];
      const lossName = loss && (loss.written ?? (loss.id ? dialect.lossName(loss.id) : null));
      if (isOutput && loss && lossName) related.push({ span: loss.arg.span, message: `trained with loss ${lossName}` });
      if (isOutput && labels) related.push({ span: labels.origin, message: `labels: ${labels.description}` });
      ctx.report({
        message:
          'softmax over a single unit always outputs 1.0, so every prediction is the same and the model cannot learn ' +
          '(accuracy stays at the share of samples labelled 1, whatever the loss shows). Use sigmoid for one output unit, or 2 units with softmax and a categorical loss.',
        span: activation.arg?.span ?? activation.layer.call.span,
        related,
        fixes:
          isOutput && head
            ? outputFixes(ctx, head.unitsArg, activation)
            : fixes(fix('Use sigmoid (keep 1 unit)', true, [setActivation(dialect, activation, 'sigmoid')])),
      });
    }

    function outputFixes(c: typeof ctx, unitsArg: ArgInfo | undefined, activation: ActivationFact): Fix[] {
      const d = c.dialect;
      const lossId = loss?.id ?? null;
      const categoricalLoss =
        lossId !== null && (CATEGORICAL_LOSSES.has(lossId) || lossId === 'sparse_categorical_crossentropy');
      const oneHotLabels = isMultiColumnOneHot(labels, null);
      // Sigmoid keeps one unit: the loss must be binary and the labels one column.
      let sigmoidFix: Fix | null = null;
      if (!oneHotLabels) {
        if (categoricalLoss && loss) {
          sigmoidFix = fix(`Use sigmoid with ${d.lossName('binary_crossentropy')} (keep 1 unit)`, true, [
            setActivation(d, activation, 'sigmoid'),
            setLoss(d, loss, 'binary_crossentropy', { probabilities: true }),
          ]);
        } else {
          sigmoidFix = fix('Use sigmoid (keep 1 unit)', true, [setActivation(d, activation, 'sigmoid')]);
        }
      }
      // Two units with softmax: integer 0/1 labels want the sparse loss, one-hot labels the categorical one.
      const twoUnitLoss = oneHotLabels ? 'categorical_crossentropy' : 'sparse_categorical_crossentropy';
      const lossText = d.lossName(twoUnitLoss) ?? twoUnitLoss;
      const unitsEdit = unitsArg ? replaceValue(unitsArg, '2') : null;
      let twoUnitFix: Fix | null = null;
      // Only replace a loss we know: a user's own loss function is not ours to swap.
      // Nor one the labels would break (TensorFlow.js's sparse loss on int32 labels).
      if (loss?.id && unitsEdit && lossAcceptsLabels(d, twoUnitLoss, labels)) {
        const lossEdit = loss.id === twoUnitLoss ? [] : setLoss(d, loss, twoUnitLoss);
        twoUnitFix = fix(`Use 2 units with softmax and ${lossText}`, !sigmoidFix || categoricalLoss, [
          unitsEdit,
          lossEdit,
        ]);
      }
      if (sigmoidFix && twoUnitFix?.isPreferred) sigmoidFix.isPreferred = false;
      return fixes(sigmoidFix, twoUnitFix);
    }
  },
};
