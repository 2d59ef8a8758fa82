import { fix, fixes, setLoss } from './edits';
import { lossAcceptsLabels, modelLabels, modelLoss, outputHead } from './facts';
import type { Rule } from './rule';

/** Losses that measure a distance between numbers, the ones people put on classifiers. */
const DISTANCE_LOSSES = new Set(['mean_squared_error', 'mean_absolute_error', 'huber', 'log_cosh']);

/**
 * A classifier (softmax or sigmoid output, class labels) trained with a distance
 * loss. Keras and TensorFlow.js train it without a word, but a squared or absolute
 * error on a probability has a small gradient exactly where the model is
 * confidently wrong (the sigmoid/softmax is saturated), where the crossentropy's
 * stays large; training is slower and can stall. The fix is the crossentropy that
 * matches the output and the labels.
 */
export const regressionLossClassLabels: Rule = {
  meta: {
    id: 'regression-loss-class-labels',
    severity: 'warning',
    summary: 'a regression loss (mse, mae, huber) on a classifier: softmax or sigmoid output with class labels',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    if (!loss?.id || !DISTANCE_LOSSES.has(loss.id)) return;
    const head = outputHead(ctx);
    const activation = head?.activation?.id;
    const labels = modelLabels(model);
    if (!head || !labels || head.units === null) return;
    // The crossentropy that fits this output and these labels; none: not a case this rule is sure of.
    let target: string | null = null;
    if (activation === 'softmax' && head.units >= 2) {
      if (labels.encoding === 'one-hot') target = 'categorical_crossentropy';
      else if (labels.encoding === 'integer') target = 'sparse_categorical_crossentropy';
    } else if (activation === 'sigmoid') {
      const singleColumn =
        labels.encoding === 'binary' || (labels.encoding === 'one-hot' && !!labels.singleColumnIfBinary);
      if ((singleColumn && head.units === 1) || (labels.encoding === 'multi-hot' && head.units > 1))
        target = 'binary_crossentropy';
    }
    if (!target) return;
    const lossName = loss.written ?? dialect.lossName(loss.id) ?? loss.id;
    const targetName = dialect.lossName(target) ?? target;
    ctx.report({
      message:
        `${lossName} is a regression loss, but this model is a classifier: a ${activation} output trained on ${labels.description}. ` +
        `It trains without an error, but a squared or absolute error on a probability has a small gradient exactly where a prediction is confidently wrong ` +
        `(the ${activation} is saturated), where the crossentropy's stays large, so training is slower and can stall. Use ${targetName}.`,
      span: loss.arg.span,
      related: [
        { span: head.activation!.arg?.span ?? head.activation!.layer.call.span, message: `${activation} output` },
        { span: labels.origin, message: `labels: ${labels.description}` },
      ],
      fixes: lossAcceptsLabels(dialect, target, labels)
        ? fixes(fix(`Use ${targetName}`, true, [setLoss(dialect, loss, target)]))
        : [],
    });
  },
};
