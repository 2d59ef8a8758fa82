import { modelLabels, modelLoss } from './facts';
import type { Rule } from './rule';

/**
 * Some losses cannot take labels of some element types at all, whatever their
 * values: TensorFlow.js's sparseCategoricalCrossentropy throws on int32 labels
 * (the natural type of class ids there, since tf.oneHot needs int32). The
 * dialect says which combinations its framework rejects, and why.
 */
export const lossRejectsLabelDtype: Rule = {
  meta: {
    id: 'loss-rejects-label-dtype',
    severity: 'error',
    summary: 'labels of an element type the loss cannot take: fit() throws',
    fixable: false,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    const labels = modelLabels(model);
    // One-hot labels with a sparse loss are sparse-loss-one-hot-labels' business.
    if (!loss?.id || !labels || labels.encoding === 'one-hot' || labels.encoding === 'multi-hot') return;
    const reason = dialect.labelsRejectedBy?.(loss.id, labels);
    if (!reason) return;
    const lossName = loss.written ?? dialect.lossName(loss.id) ?? loss.id;
    ctx.report({
      message: `${lossName} cannot train on ${labels.dtype ?? 'these'} labels (${labels.description}): ${reason}.`,
      span: loss.arg.span,
      related: [{ span: labels.origin, message: `${labels.dtype ?? 'these'} labels are made here` }],
    });
  },
};
