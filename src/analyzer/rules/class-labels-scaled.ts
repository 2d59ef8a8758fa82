import { fix, fixes } from './edits';
import { modelLoss } from './facts';
import type { Rule } from './rule';

function factorText(factor: number): string {
  if (factor > 0 && factor < 1 && Number.isInteger(Math.round((1 / factor) * 1000) / 1000))
    return `divided by ${Math.round(1 / factor)}`;
  return `multiplied by ${factor}`;
}

/**
 * Class labels scaled like pixels (`y_train / 255.0` written next to
 * `x_train / 255.0`). Nothing fails, but the labels are no longer the classes:
 * a sparse crossentropy casts 0.0039 to class 0, so every sample is labelled 0;
 * one-hot or 0/1 rows become targets near 0 that no class reaches.
 */
export const classLabelsScaled: Rule = {
  meta: {
    id: 'class-labels-scaled',
    severity: 'error',
    summary: 'class labels divided (or multiplied) by a number, like the images: they no longer name the classes',
    fixable: true,
  },
  check(ctx) {
    const { model } = ctx;
    const loss = modelLoss(model);
    for (const fit of model.fits) {
      const labels = fit.labels;
      const rescaled = labels?.rescaled;
      if (fit.conditional || !labels || !rescaled) continue;
      const span = fit.labelsArg?.span ?? fit.call.args.get('y')?.span;
      if (!span) continue;
      const sparse = loss?.id === 'sparse_categorical_crossentropy';
      const consequence =
        labels.encoding === 'integer'
          ? sparse
            ? 'The sparse crossentropy casts them back to whole numbers, so every label below 1 becomes class 0: the model learns to answer 0 whatever the input.'
            : 'They are no longer class ids 0, 1, 2…, so no output can match them.'
          : 'The 1s of the label rows become small fractions, targets no class probability is meant to reach: the model learns to output almost 0 everywhere.';
      ctx.report({
        message:
          `The labels are ${labels.description}, ${factorText(rescaled.factor)}: scaling is for the inputs, class labels must stay as they are. ${consequence} ` +
          'Scale only the images.',
        span,
        related: [
          { span: rescaled.at, message: `labels ${factorText(rescaled.factor)} here` },
          { span: labels.origin, message: labels.description },
        ],
        fixes: rescaled.removal
          ? fixes(fix('Do not scale the labels', true, [{ span: rescaled.removal, newText: '' }]))
          : [],
      });
    }
  },
};
