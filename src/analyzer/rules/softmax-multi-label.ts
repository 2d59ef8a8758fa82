import { fix, fixes, setActivation, setLoss } from './edits';
import { modelLabels, modelLoss, outputHead } from './facts';
import type { Rule } from './rule';

/**
 * Multi-label targets (several 1s per row) with a softmax output: softmax makes
 * the outputs compete for one total of 1, so at most one tag can pass 0.5 and a
 * sample with two tags can never be predicted right. Each tag needs its own
 * sigmoid, trained with binary crossentropy.
 */
export const softmaxMultiLabel: Rule = {
  meta: {
    id: 'softmax-multi-label',
    severity: 'warning',
    summary: 'softmax output on multi-label targets (several 1s per row): use sigmoid with binary crossentropy',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const labels = modelLabels(model);
    if (labels?.encoding !== 'multi-hot') return;
    const head = outputHead(ctx);
    const activation = head?.activation;
    // Units taken from the labels (y.shape[1]) are unknown here; the labels' width is at least 2 anyway.
    if (activation?.id !== 'softmax' || (head?.units ?? 2) < 2) return;
    const loss = modelLoss(model);
    const binary = dialect.lossName('binary_crossentropy') ?? 'binary_crossentropy';
    // The loss goes with the activation: sigmoid outputs are independent yes/no answers, scored one by one.
    const lossEdit =
      loss?.id && loss.id !== 'binary_crossentropy'
        ? setLoss(dialect, loss, 'binary_crossentropy', { probabilities: true })
        : [];
    ctx.report({
      message:
        `The targets are multi-label (${labels.description}: a row can have several 1s), but softmax makes the ${head?.units ?? ''}${head?.units ? ' ' : ''}outputs share one total of 1, ` +
        `so at most one tag can pass 0.5 and a sample with two tags is never predicted right. ` +
        `Use sigmoid on the last layer (one independent probability per tag) with ${binary}.`,
      span: activation.arg?.span ?? activation.layer.call.span,
      related: [{ span: labels.origin, message: `multi-label targets: ${labels.description}` }],
      fixes: loss?.id
        ? fixes(fix(`Use sigmoid with ${binary}`, true, [setActivation(dialect, activation, 'sigmoid'), lossEdit]))
        : [],
    });
  },
};
