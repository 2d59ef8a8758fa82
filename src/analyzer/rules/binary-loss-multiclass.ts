import { fix, fixes, setLoss } from './edits';
import { isMultiColumnOneHot, lossAcceptsLabels, modelLabels, modelLoss, outputHead } from './facts';
import type { Rule } from './rule';

/**
 * Binary crossentropy scores each output as an independent yes/no question.
 * With a softmax over K > 2 classes that is the wrong objective; and where
 * "accuracy" is chosen from the loss (TensorFlow.js, multi-backend Keras ≤ 2.3)
 * it becomes binary accuracy, which reads far higher than real accuracy.
 */
export const binaryLossMulticlass: Rule = {
  meta: {
    id: 'binary-loss-multiclass',
    severity: 'warning',
    summary: 'binary crossentropy on a multi-class softmax or one-hot labels: wrong objective, inflated accuracy',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    if (loss?.id !== 'binary_crossentropy') return;
    const head = outputHead(ctx);
    const labels = modelLabels(model);
    // Multi-label targets are what binary crossentropy is for (softmax-multi-label handles a softmax on them).
    if (labels?.encoding === 'multi-hot') return;
    // Over two units softmax gives (p, 1 - p): binary crossentropy averaged over both columns is then exactly
    // the categorical loss, and binary accuracy equals categorical accuracy. Only K > 2 is a wrong objective.
    const softmaxMulti = head?.activation?.id === 'softmax' && (head.units ?? 0) > 2;
    // Sigmoid with one-hot labels may be a multi-label model: only flag one-hot of 3+ classes without sigmoid.
    const oneHotMulti =
      isMultiColumnOneHot(labels, head) &&
      (labels?.numClasses ?? 3) > 2 &&
      head?.activation?.id !== 'sigmoid' &&
      head !== null;
    if (!softmaxMulti && !oneHotMulti) return;
    const k = head?.units ?? labels?.numClasses ?? null;
    const target = labels?.encoding === 'integer' ? 'sparse_categorical_crossentropy' : 'categorical_crossentropy';
    const targetName = dialect.lossName(target) ?? target;
    ctx.report({
      message:
        `${loss.written ?? dialect.lossName(loss.id)} on a ${k ?? 'multi'}-class ${softmaxMulti ? 'softmax output' : 'one-hot target'}: it scores each class as an ` +
        `independent yes/no question, which is not what the outputs mean. It trains, but with the wrong objective, and where accuracy is picked from ` +
        `the loss (TensorFlow.js, Keras ≤ 2.3) "accuracy" becomes binary accuracy and reads far higher than the real one. Use ${targetName}.`,
      span: loss.arg.span,
      related: labels ? [{ span: labels.origin, message: `labels: ${labels.description}` }] : [],
      fixes: lossAcceptsLabels(dialect, target, labels)
        ? fixes(fix(`Use ${targetName}`, true, [setLoss(dialect, loss, target)]))
        : [],
    });
  },
};
