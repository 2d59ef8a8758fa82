import { fix, fixes, replaceValue, setActivation } from './edits';
import { modelLoss, outputHead, PROBABILITY_LOSSES } from './facts';
import type { Rule } from './rule';

/**
 * A crossentropy loss either takes probabilities (from_logits=False, the
 * default) or raw scores (from_logits=True). The last layer must produce what
 * the loss expects.
 */
export const logitsActivationMismatch: Rule = {
  meta: {
    id: 'logits-activation-mismatch',
    severity: 'warning',
    summary: 'from_logits contradicts the last activation (probabilities vs raw scores)',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    if (!loss?.id || !PROBABILITY_LOSSES.has(loss.id)) return;
    const head = outputHead(ctx);
    const activation = head?.activation;
    if (!head || !activation || activation.id === null) return;
    const lossName = loss.written ?? dialect.lossName(loss.id) ?? loss.id;
    if (loss.fromLogits === true && (activation.id === 'softmax' || activation.id === 'sigmoid')) {
      const logitsArg = loss.fromLogitsArg;
      // Without a from_logits argument the loss itself takes logits (tf.losses.softmaxCrossEntropy):
      // the probability-taking alternative is another loss.
      const probabilityLoss = logitsArg ? null : dialect.lossObject(loss.id, false, loss.arg.span);
      const intro = `${lossName} takes raw scores (logits)`;
      const alternative = logitsArg
        ? 'set from_logits=False'
        : probabilityLoss
          ? `use ${probabilityLoss}, which takes probabilities`
          : 'use a loss that takes probabilities';
      ctx.report({
        message:
          (logitsArg
            ? `from_logits=True tells the loss its input is raw scores, but the last layer already applies ${activation.id}. ` +
              `On the TensorFlow backend Keras notices, warns and uses the values before the activation; on other backends (JAX, PyTorch) ` +
              `the probabilities are squashed a second time and the loss is computed on the wrong values. `
            : `${intro}, but the last layer already applies ${activation.id}: ` +
              `the probabilities get squashed a second time, gradients shrink and training is slow or stalls. `) +
          `Remove the ${activation.id} activation, or ${alternative}.`,
        span: logitsArg?.span ?? loss.arg.span,
        related: [
          { span: activation.arg?.span ?? activation.layer.call.span, message: `${activation.id} applied here` },
        ],
        fixes: fixes(
          logitsArg
            ? fix('Set from_logits=False', true, [
                replaceValue(logitsArg, dialect.language === 'python' ? 'False' : 'false'),
              ])
            : null,
          probabilityLoss ? fix(`Use ${probabilityLoss}`, true, [replaceValue(loss.arg, probabilityLoss)]) : null,
          activation.layer.type !== 'Softmax'
            ? fix(`Use a linear output (logits) instead of ${activation.id}`, false, [
                setActivation(dialect, activation, 'linear'),
              ])
            : null,
        ),
      });
      return;
    }
    if (loss.fromLogits === false && activation.id === 'linear') {
      const probability =
        loss.id === 'binary_crossentropy' || loss.id === 'binary_focal_crossentropy' || head.units === 1
          ? 'sigmoid'
          : 'softmax';
      const logitsObject = dialect.lossObject(loss.id, true, loss.arg.span);
      const dense = head.dense;
      const activationCode = dialect.keywordArg(dialect.argName('activation'), `'${probability}'`);
      // Keras losses take from_logits; in TensorFlow.js the losses that take logits are other functions.
      const fromLogitsArgument = dialect.language === 'python';
      const alternative = fromLogitsArgument
        ? ', or pass from_logits=True to the loss.'
        : logitsObject
          ? `, or use ${logitsObject}, which takes raw scores.`
          : '.';
      ctx.report({
        message:
          `The last layer has no activation, so it outputs raw scores, but ${lossName} expects probabilities${fromLogitsArgument ? ' (from_logits=False)' : ''}: ` +
          `outside [0, 1] they are clipped and training is poor or stalls. Add ${activationCode}${alternative}`,
        span: loss.arg.span,
        related: [{ span: activation.layer.call.span, message: 'last layer without activation' }],
        fixes: fixes(
          dense
            ? fix(`Add activation '${probability}' to the last layer`, true, [
                setActivation(dialect, activation, probability),
              ])
            : null,
          logitsObject
            ? fix(fromLogitsArgument ? 'Use from_logits=True' : `Use ${logitsObject}`, false, [
                replaceValue(loss.arg, logitsObject),
              ])
            : null,
        ),
      });
    }
  },
};
