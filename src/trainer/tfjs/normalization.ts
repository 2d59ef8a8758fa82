/**
 * Keras's Normalization layer, which tfjs lacks: (x − mean) / sqrt(variance)
 * per feature along `axis` (default the last). Its statistics are the ones
 * written in the code (`mean=`, `variance=`), else adapted on the synthetic
 * training data, as the user's `adapt()` does on theirs. They are kept as
 * non-trainable weights so variants share them like any other weight.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from './build';

export interface NormalizationConfig {
  axis?: number;
  mean?: number | number[];
  variance?: number | number[];
  name?: string;
}

const EPSILON = 1e-7;

/** The layer class for this tfjs instance (tfjs-node's or the bundled one). */
export function normalizationLayer(tf: Tf): (config: NormalizationConfig) => TF.layers.Layer {
  class KerasNormalization extends tf.layers.Layer {
    static readonly className = 'KerasNormalization';
    private readonly axis: number;
    private readonly given: { mean?: number | number[]; variance?: number | number[] };
    private meanWeight!: TF.LayerVariable;
    private varianceWeight!: TF.LayerVariable;

    constructor(config: NormalizationConfig) {
      super({ name: config.name });
      this.axis = config.axis ?? -1;
      this.given = { mean: config.mean, variance: config.variance };
    }

    override build(inputShape: TF.Shape | TF.Shape[]): void {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as (number | null)[];
      const axis = this.axis < 0 ? shape.length + this.axis : this.axis;
      const features = shape[axis] ?? 1;
      const statsShape = shape.map((_, i) => (i === axis ? features : 1));
      const fill = (v: number | number[] | undefined, fallback: number) =>
        tf.initializers.constant({ value: typeof v === 'number' ? v : fallback });
      this.meanWeight = this.addWeight('mean', statsShape, 'float32', fill(this.given.mean, 0), undefined, false);
      this.varianceWeight = this.addWeight(
        'variance',
        statsShape,
        'float32',
        fill(this.given.variance, 1),
        undefined,
        false,
      );
      for (const [w, v] of [
        [this.meanWeight, this.given.mean],
        [this.varianceWeight, this.given.variance],
      ] as const) {
        if (Array.isArray(v)) w.write(tf.reshape(tf.tensor(v), statsShape.map((d) => d ?? 1) as number[]));
      }
      this.built = true;
    }

    /** Whether the code gave the statistics (else they are adapted on the data). */
    get statisticsGiven(): boolean {
      return this.given.mean !== undefined && this.given.variance !== undefined;
    }

    /** adapt(): mean and variance per feature over every other axis of `x`. */
    adapt(x: TF.Tensor): void {
      tf.tidy(() => {
        const axis = this.axis < 0 ? x.rank + this.axis : this.axis;
        const reduce = Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== axis);
        const { mean, variance } = tf.moments(x, reduce, true);
        this.meanWeight.write(tf.reshape(mean, this.meanWeight.shape as number[]));
        this.varianceWeight.write(tf.reshape(variance, this.varianceWeight.shape as number[]));
      });
    }

    override call(inputs: TF.Tensor | TF.Tensor[]): TF.Tensor {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0] : inputs;
        return tf.div(tf.sub(x, this.meanWeight.read()), tf.sqrt(tf.maximum(this.varianceWeight.read(), EPSILON)));
      });
    }

    override computeOutputShape(inputShape: TF.Shape | TF.Shape[]): TF.Shape | TF.Shape[] {
      return inputShape;
    }

    override getConfig(): TF.serialization.ConfigDict {
      return { ...super.getConfig(), axis: this.axis };
    }
  }
  return (config) => new KerasNormalization(config);
}

/** The layers of a built model that still need adapt() on data. */
export function layersToAdapt(layers: Iterable<TF.layers.Layer>): { adapt(x: TF.Tensor): void; name: string }[] {
  const out: { adapt(x: TF.Tensor): void; name: string }[] = [];
  for (const layer of layers) {
    const l = layer as unknown as { adapt?: (x: TF.Tensor) => void; statisticsGiven?: boolean; name: string };
    if (typeof l.adapt === 'function' && !l.statisticsGiven) out.push(l as { adapt(x: TF.Tensor): void; name: string });
  }
  return out;
}
