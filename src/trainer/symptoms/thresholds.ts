/**
 * The thresholds of every training-dynamics symptom, in one place (docs/verify.md,
 * "Symptoms", explains each; test/unit/trainer-symptoms*.test.ts provoke each).
 */
export const THRESHOLDS = {
  /** Gradient norm over weight norm of a layer below this: its weights no longer move (vanishing gradient). */
  vanishingRatio: 1e-7,
  /** Gradient norm over weight norm above this: one plain gradient step of size 0.1 would exceed the weights. */
  explodingRatio: 10,
  /** A ReLU layer with at least this share of units never positive on the probe batch (half or more is common in models that learn well). */
  deadShare: 0.9,
  /** A sigmoid output below 1 − this or above it, a tanh output beyond ±this, a softmax row whose top probability is above it. */
  saturationLevel: 0.99,
  /** A sigmoid/tanh/softmax layer with at least this share of its outputs saturated. */
  saturatedShare: 0.9,
  /** Crossentropy within this share of ln K (K classes) counts as the chance level… */
  chanceLossTolerance: 0.02,
  /** …when it also changes by less than this share over the last `flatEpochs` epochs. */
  flatChange: 0.01,
  flatEpochs: 3,
  /** The training loss "rises" in an epoch when it grows by at least this share over the previous epoch… */
  oscillationRise: 0.05,
  /** …and it oscillates when it rises in at least this share of the epochs (at least twice, over 5 or more epochs)… */
  oscillationShare: 0.3,
  /** …while the best loss of the second half of the run stays above this share of the first half's best (no progress). */
  oscillationProgress: 0.5,
  /** Validation predictions whose largest spread across inputs is below this are constant. */
  constantSpread: 1e-6,
} as const;
