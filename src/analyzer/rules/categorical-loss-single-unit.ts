import { fix, fixes, setActivation, setLoss } from './edits';
import { CATEGORICAL_LOSSES, lossAcceptsLabels, modelLabels, modelLoss, outputHead } from './facts';
import type { Rule } from './rule';

/**
 * Categorical crossentropy normalises the outputs to sum to 1 over the last
 * axis. Over one unit that makes the prediction 1.0 and the loss 0 whatever the
 * model does. (Keras on TensorFlow still moves the weights: TensorFlow's
 * softmax-crossentropy gradient assumes labels sum to 1, so it pushes negative
 * samples down. Measured: 0.82 accuracy where binary crossentropy reaches 1.00.) With a single 0/1 label column the loss reads only the
 * positive class and the shapes do not match a multi-unit output either.
 */
export const categoricalLossSingleUnit: Rule = {
  meta: {
    id: 'categorical-loss-single-unit',
    severity: 'error',
    summary:
      'categorical (or sparse categorical) crossentropy on a 1-unit output, or categorical on a single 0/1 label column: the loss cannot guide training',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    if (!loss?.id || !(CATEGORICAL_LOSSES.has(loss.id) || loss.id === 'sparse_categorical_crossentropy')) return;
    const head = outputHead(ctx);
    const labels = modelLabels(model);
    const lossName = loss.written ?? dialect.lossName(loss.id) ?? loss.id;
    if (head?.units === 1) {
      const binary = dialect.lossName('binary_crossentropy') ?? 'binary_crossentropy';
      const related = head.unitsArg ? [{ span: head.unitsArg.span, message: 'the output layer has 1 unit' }] : [];
      // With from_logits=True the linear output is what the loss wants; otherwise it needs sigmoid.
      const needsSigmoid =
        head.activation && head.activation.id !== 'sigmoid' && !(loss.fromLogits && head.activation.id === 'linear');
      // The output ends as a probability unless it stays a linear logit: then from_logits must go.
      const lossEdit = setLoss(dialect, loss, 'binary_crossentropy', {
        probabilities: needsSigmoid || head.activation?.id !== 'linear',
      });
      ctx.report({
        message:
          (loss.id === 'sparse_categorical_crossentropy'
            ? `${lossName} on a 1-unit output: class ids must be smaller than the number of outputs, so label 1 is out of range and fit() fails. `
            : `${lossName} on a 1-unit output: the single output is normalised to 1.0, so the loss is 0 whatever the model predicts and cannot guide training ` +
              `(TensorFlow.js rejects the targets; Keras moves the weights only through a quirk of TensorFlow's gradient). `) +
          `For two classes use ${binary} with a sigmoid output.`,
        span: loss.arg.span,
        related,
        fixes: fixes(
          needsSigmoid && head.activation
            ? fix(`Use ${binary} with sigmoid`, true, [lossEdit, setActivation(dialect, head.activation, 'sigmoid')])
            : fix(`Use ${binary}`, true, [lossEdit]),
        ),
      });
      return;
    }
    if (labels?.encoding === 'binary' && loss.id !== 'sparse_categorical_crossentropy') {
      const sparse = dialect.lossName('sparse_categorical_crossentropy') ?? 'sparse_categorical_crossentropy';
      ctx.report({
        message:
          `${lossName} expects one-hot label rows, but these labels are a single 0/1 column (${labels.description}). ` +
          `With ${head?.units ?? 'several'} output units the shapes do not match; use ${sparse}, or one-hot labels.`,
        span: loss.arg.span,
        related: [{ span: labels.origin, message: `labels: ${labels.description}` }],
        fixes: lossAcceptsLabels(dialect, 'sparse_categorical_crossentropy', labels)
          ? fixes(fix(`Use ${sparse}`, true, [setLoss(dialect, loss, 'sparse_categorical_crossentropy')]))
          : [],
      });
    }
  },
};
