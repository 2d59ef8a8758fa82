/** What an activation does, said for the layer it sits on (hover text). */

const WHAT: Record<string, string> = {
  linear: 'no activation: outputs are unbounded raw scores (logits, or regression values)',
  relu: 'max(0, x): keeps positive values and zeroes negative ones',
  relu6: 'min(max(0, x), 6): ReLU capped at 6',
  leaky_relu: 'like ReLU but lets a small slope through for negative values',
  elu: 'x for positive values, a smooth exponential curve down to -1 for negative ones',
  selu: 'scaled ELU; keeps activations normalised in self-normalising networks',
  celu: 'continuously differentiable ELU',
  gelu: 'smooth ReLU-like gate weighting x by the Gaussian CDF',
  silu: 'x · sigmoid(x) (swish): smooth, non-monotonic ReLU-like curve',
  swish: 'x · sigmoid(x): smooth, non-monotonic ReLU-like curve',
  mish: 'x · tanh(softplus(x)): smooth ReLU-like curve',
  hard_silu: 'piecewise-linear approximation of silu/swish',
  hard_swish: 'piecewise-linear approximation of swish',
  tanh: 'squashes each value into (-1, 1)',
  hard_tanh: 'clips each value to [-1, 1]',
  sigmoid: 'squashes each value independently into (0, 1): one probability per unit',
  hard_sigmoid: 'piecewise-linear approximation of sigmoid, in [0, 1]',
  log_sigmoid: 'log of the sigmoid: values in (-∞, 0)',
  softmax: 'turns the units into probabilities that are positive and sum to 1 across the last axis',
  log_softmax: 'log of the softmax probabilities across the last axis',
  sparsemax: 'like softmax but can give exactly zero probability to some classes',
  softplus: 'log(1 + eˣ): a smooth, always-positive ReLU',
  softsign: 'x / (1 + |x|): squashes into (-1, 1)',
  exponential: 'eˣ: always positive, grows fast',
  glu: 'gated linear unit: halves the last axis, one half gating the other',
  squareplus: 'smooth, always-positive ReLU-like curve',
  sparse_plus: 'smooth, always-non-negative ReLU-like curve',
  sparse_sigmoid: 'piecewise-linear sigmoid-like curve in [0, 1]',
  hard_shrink: 'zeroes values with |x| below a threshold',
  soft_shrink: 'shrinks values towards zero by a threshold',
  tanh_shrink: 'x − tanh(x)',
  threshold: 'keeps values above a threshold, replaces the rest',
};

export interface ActivationContext {
  /** The layer produces the model's output. */
  isOutput: boolean;
  /** Units the activation runs over, when known. */
  units: number | null;
}

export function describeActivation(id: string, at: ActivationContext): string {
  const base = WHAT[id] ?? 'a custom or unrecognised activation';
  if (id === 'softmax' && at.units === 1)
    return `${base}; over a single unit that sum is always 1.0, so this layer outputs 1.0 whatever its input`;
  if (!at.isOutput) return `${base}.`;
  if (id === 'softmax')
    return `${base}: one probability per class${at.units ? ` (${at.units} classes)` : ''}, for a single-label classifier.`;
  if (id === 'sigmoid')
    return `${base}: ${at.units === 1 ? 'the probability of the positive class (binary classification)' : 'independent probabilities (binary or multi-label classification)'}.`;
  if (id === 'linear') return `${base}: suits regression, or logits with a loss built with from_logits=True.`;
  return `${base}.`;
}
