import { fix, fixes, setLoss } from './edits';
import { CATEGORICAL_LOSSES, lossAcceptsLabels, modelLabels, modelLoss, outputHead } from './facts';
import type { Rule } from './rule';

/** Categorical crossentropy wants one-hot rows the width of the output; integer ids do not fit. */
export const categoricalLossIntegerLabels: Rule = {
  meta: {
    id: 'categorical-loss-integer-labels',
    severity: 'error',
    summary: 'categorical crossentropy fed integer class ids: fit() fails with incompatible shapes',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    if (!loss?.id || !CATEGORICAL_LOSSES.has(loss.id)) return;
    const labels = modelLabels(model);
    if (labels?.encoding !== 'integer') return;
    // One output unit is its own mistake (categorical-loss-single-unit).
    const head = outputHead(ctx);
    if (head?.units === 1) return;
    const sparse = dialect.lossName('sparse_categorical_crossentropy') ?? 'sparse_categorical_crossentropy';
    // TensorFlow.js's sparse loss throws on int32 labels: switching the loss alone would not work.
    const sparseTakesThem = lossAcceptsLabels(dialect, 'sparse_categorical_crossentropy', labels);
    ctx.report({
      message:
        `${loss.written ?? dialect.lossName(loss.id)} expects one-hot labels, but these are integer class ids (${labels.description}); ` +
        `fit() fails with incompatible shapes. Use ${sparse}${sparseTakesThem ? '' : ` with ${labels.dtype === 'int32' ? 'float' : 'other'} labels`}, or one-hot encode the labels.`,
      span: loss.arg.span,
      related: [{ span: labels.origin, message: `integer labels come from here` }],
      fixes: sparseTakesThem
        ? fixes(fix(`Use ${sparse}`, true, [setLoss(dialect, loss, 'sparse_categorical_crossentropy')]))
        : [],
    });
  },
};
