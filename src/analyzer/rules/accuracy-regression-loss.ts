import { lossIdFor } from '../keras/catalog';
import { fix, fixes, replaceValue } from './edits';
import { modelLoss, REGRESSION_LOSSES } from './facts';
import type { Rule } from './rule';

/** Accuracy counts exact class matches; on continuous targets it measures nothing useful. */
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
