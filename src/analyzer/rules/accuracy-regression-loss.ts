import { lossIdFor } from '../keras/catalog';
import { fix, fixes, replaceValue } from './edits';
import { modelLabels, modelLoss, outputHead, REGRESSION_LOSSES } from './facts';
import type { Rule } from './rule';

/**
 * Accuracy counts exact class matches; on continuous targets it measures nothing
 * useful. On class labels, or probabilities (a sigmoid or softmax output, e.g. XOR
 * trained with mse), accuracy is meaningful: the mistake there, if any, is the
 * loss (regression-loss-class-labels), not the metric.
 */
export const accuracyRegressionLoss: Rule = {
  meta: {
    id: 'accuracy-regression-loss',
    severity: 'warning',
    summary: 'accuracy metric with a regression loss',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    if (!loss?.id || !REGRESSION_LOSSES.has(loss.id) || !model.compile?.metrics) return;
    const labels = modelLabels(model);
    if (labels && labels.encoding !== 'continuous') return;
    const activation = outputHead(ctx)?.activation?.id;
    if (activation === 'sigmoid' || activation === 'softmax' || activation === 'hard_sigmoid') return;
    // Compare metrics by what they compute: 'mae', 'MAE' and 'mean_absolute_error' are one metric.
    const canonical = (name: string | null) =>
      name ? (lossIdFor(name) ?? lossIdFor(name.toLowerCase()) ?? name) : null;
    const tracked = new Set(model.compile.metrics.map((m) => canonical(m.written ?? m.loggedName)));
    // Offer an error metric the model does not track yet; if it tracks both, just drop accuracy.
    const replacement =
      ['mae', 'mse'].find(
        (m) => !tracked.has(canonical(m)) && canonical(m) !== loss.id && dialect.names.metric.has(m),
      ) ?? null;
    for (const metric of model.compile.metrics) {
      if (metric.id !== 'accuracy') continue;
      const edit = replacement
        ? replaceValue(metric.arg, dialect.string(replacement, metric.arg.span))
        : metric.arg.fromSplat
          ? null
          : { span: metric.arg.removal, newText: '' };
      ctx.report({
        message:
          `'${metric.written ?? 'accuracy'}' with the regression loss ${loss.written ?? loss.id}: accuracy counts exact matches ` +
          `(or thresholds one output at 0.5), which says nothing about continuous predictions. ${replacement ? `Track '${replacement}' instead.` : 'Remove it.'}`,
        span: metric.arg.span,
        related: [{ span: loss.arg.span, message: 'regression loss' }],
        fixes: fixes(
          fix(replacement ? `Track '${replacement}' instead` : `Remove '${metric.written ?? 'accuracy'}'`, true, [
            edit,
          ]),
        ),
      });
    }
  },
};
