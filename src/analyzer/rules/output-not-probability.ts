import { fix, fixes, setActivation } from './edits';
import { modelLoss, outputHead, PROBABILITY_LOSSES } from './facts';
import type { Rule } from './rule';

/**
 * Activations whose outputs are not probabilities. `linear` is left to
 * logits-activation-mismatch (it can be fixed with from_logits=True instead).
 */
const NOT_PROBABILITY = new Set([
  'relu',
  'relu6',
  'leaky_relu',
  'elu',
  'selu',
  'gelu',
  'silu',
  'swish',
  'mish',
  'softplus',
  'softsign',
  'tanh',
  'hard_tanh',
  'exponential',
  'log_softmax',
  'celu',
  'glu',
  'hard_silu',
  'hard_swish',
  'sparse_plus',
  'squareplus',
  'log_sigmoid',
  'softmin',
]);

/** Crossentropies that normalise the outputs to sum to 1 before taking the log. */
const NORMALISING_LOSSES = new Set(['categorical_crossentropy', 'categorical_focal_crossentropy']);

/**
 * A crossentropy without from_logits reads the last layer's outputs as
 * probabilities. relu, tanh and the like do not produce them: Keras clips the
 * values into [1e-7, 1 - 1e-7] (and the categorical losses first divide by their
 * sum, which is 0 when every relu output is 0), so gradients vanish or turn NaN.
 */
export const outputNotProbability: Rule = {
  meta: {
    id: 'output-not-probability',
    severity: 'error',
    summary: 'crossentropy on an output activation that does not give probabilities (relu, tanh, …)',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    if (!loss?.id || !PROBABILITY_LOSSES.has(loss.id) || loss.fromLogits !== false) return;
    const head = outputHead(ctx);
    const activation = head?.activation;
    if (!head || !activation?.id || !NOT_PROBABILITY.has(activation.id)) return;
    const lossName = loss.written ?? dialect.lossName(loss.id) ?? loss.id;
    const binary = loss.id === 'binary_crossentropy' || loss.id === 'binary_focal_crossentropy' || head.units === 1;
    const probability = binary ? 'sigmoid' : 'softmax';
    const normalising = NORMALISING_LOSSES.has(loss.id);
    const consequence = normalising
      ? 'it divides them by their sum and clips them into [1e-7, 1 − 1e-7], so a row of zeros gives NaN and negative values are clipped away: ' +
        'training fails from the first epoch (the loss is NaN or stays high, accuracy at chance)'
      : `it clips them into [1e-7, 1 − 1e-7], so wherever ${activation.id} leaves that range the gradient is zero: it trains, but worse than with ${probability}`;
    ctx.report({
      message:
        `The last layer applies ${activation.id}, whose outputs are not probabilities, but ${lossName} reads them as probabilities: ${consequence}. ` +
        `Use ${probability} on the last layer.`,
      span: activation.arg?.span ?? activation.layer.call.span,
      // Only the normalising losses fail outright (measured with Keras 3.15.1); the others train, worse.
      severity: normalising ? 'error' : 'warning',
      related: [{ span: loss.arg.span, message: `${lossName} expects probabilities` }],
      fixes: fixes(fix(`Use ${probability}`, true, [setActivation(dialect, activation, probability)])),
    });
  },
};
