import { fix, fixes, setActivation, setLoss } from './edits';
import { modelLabels, modelLoss, outputHead } from './facts';
import type { Rule } from './rule';

/** Sigmoid outputs are independent probabilities; a categorical loss treats them as one distribution. */
export const sigmoidCategoricalLoss: Rule = {
  meta: {
    id: 'sigmoid-categorical-loss',
    severity: 'warning',
    summary: 'sigmoid outputs with a categorical crossentropy loss',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    if (!loss || (loss.id !== 'categorical_crossentropy' && loss.id !== 'sparse_categorical_crossentropy')) return;
    const head = outputHead(ctx);
    if (head?.activation?.id !== 'sigmoid' || head.units === null || head.units < 2) return;
    const lossName = loss.written ?? dialect.lossName(loss.id) ?? loss.id;
    const binary = dialect.lossName('binary_crossentropy') ?? 'binary_crossentropy';
    // Tracking binary accuracy says the outputs are meant as independent tags (multi-label).
    // So do multi-label targets (several 1s per row).
    const multiLabel =
      modelLabels(model)?.encoding === 'multi-hot' ||
      (model.compile?.metrics ?? []).some((m) => m.loggedName === 'binary_accuracy' || m.id === 'BinaryAccuracy');
    ctx.report({
      message:
        `sigmoid gives ${head.units} independent probabilities that need not sum to 1, but ${lossName} reads the outputs as one distribution over classes: ` +
        `they are renormalised and wrong classes are not pushed down as with softmax. Use softmax for one class per sample (or ${binary} for multi-label).`,
      span: head.activation.arg?.span ?? head.activation.layer.call.span,
      related: [{ span: loss.arg.span, message: `categorical loss ${lossName}` }],
      fixes: fixes(
        fix('Use softmax', !multiLabel, [setActivation(dialect, head.activation, 'softmax')]),
        fix(`Use ${binary} (multi-label)`, multiLabel, [
          setLoss(dialect, loss, 'binary_crossentropy', { probabilities: true }),
        ]),
      ),
    });
  },
};
