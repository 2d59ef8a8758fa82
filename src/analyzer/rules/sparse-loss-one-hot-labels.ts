import { fix, fixes, setLoss } from './edits';
import { isMultiColumnOneHot, modelLabels, modelLoss, outputHead } from './facts';
import type { Rule } from './rule';

/** Sparse categorical crossentropy wants one integer class id per sample, not a one-hot row. */
export const sparseLossOneHotLabels: Rule = {
  meta: {
    id: 'sparse-loss-one-hot-labels',
    severity: 'error',
    summary: 'sparse categorical crossentropy fed one-hot labels: fit() fails with a shape error',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    if (loss?.id !== 'sparse_categorical_crossentropy') return;
    const labels = modelLabels(model);
    if (!labels || !isMultiColumnOneHot(labels, outputHead(ctx))) return;
    const categorical = dialect.lossName('categorical_crossentropy') ?? 'categorical_crossentropy';
    ctx.report({
      message:
        `${loss.written ?? dialect.lossName(loss.id)} expects integer class ids, but these labels are one-hot (${labels.description}); ` +
        `fit() fails with a shape error. Use ${categorical} for one-hot labels.`,
      span: loss.arg.span,
      related: [{ span: labels.origin, message: `labels one-hot encoded here` }],
      fixes: fixes(fix(`Use ${categorical}`, true, [setLoss(dialect, loss, 'categorical_crossentropy')])),
    });
  },
};
