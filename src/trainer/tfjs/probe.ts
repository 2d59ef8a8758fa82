/**
 * The training probe: on one fixed batch of training inputs, after every epoch
 * (and once before training), each layer's gradient norm and weight norm, the
 * share of dead units of its ReLU, the share of saturated outputs of its
 * sigmoid/tanh/softmax, and whether its output holds NaN/Inf.
 *
 * Inference mode (dropout off, BatchNormalization on its moving statistics):
 * the probe then has no randomness and changes no state (a training-mode pass
 * would move BatchNormalization's statistics and draw dropout masks from the
 * seeded generator, changing the run it watches), and it is exactly what
 * `model(x, training=False)` under Keras's GradientTape computes on the same
 * weights, which the parity benchmark checks.
 */
import type * as TF from '@tensorflow/tfjs';
import type { LayerProbe } from '../protocol';
import type { ModelSpec } from '../spec';
import { layerLabel, watchedActivation, type WatchedActivation } from '../symptoms/layers';
import { THRESHOLDS } from '../symptoms/thresholds';
import type { BuiltModel, Tf } from './build';
import { outputsOf, regularisation } from './forward';
import type { LossFn } from './losses';

interface WatchedNode {
  id: string;
  /** Size of the output's last axis (units or channels). */
  units: number;
  label: string;
  activation: WatchedActivation | null;
  /** Index into the probe model's outputs. */
  output: number;
  variables: TF.Variable[];
}

export interface Prober {
  /** The probe on a batch (default: the fixed probe batch) with the current weights. */
  probe(x?: TF.Tensor, y?: TF.Tensor): LayerProbe[];
  dispose(): void;
}

/** Per-layer statistics of one output, as scalars (concatenated and read back once per probe). */
function outputStats(tf: Tf, out: TF.Tensor, activation: WatchedActivation | null): TF.Tensor[] {
  const stats: TF.Tensor[] = [tf.cast(tf.all(tf.isFinite(out)), 'float32')];
  const level = THRESHOLDS.saturationLevel;
  if (activation === 'relu') {
    // A unit (the last axis: a Dense unit or a convolution channel) is dead when it is positive for no input and no position.
    const axes = out.shape.slice(0, -1).map((_, i) => i);
    const peak = axes.length ? tf.max(out, axes) : out;
    stats.push(tf.mean(tf.cast(tf.lessEqual(peak, 0), 'float32')));
  } else if (activation === 'sigmoid') {
    stats.push(tf.mean(tf.cast(tf.logicalOr(tf.less(out, 1 - level), tf.greater(out, level)), 'float32')));
  } else if (activation === 'tanh') {
    stats.push(tf.mean(tf.cast(tf.greater(tf.abs(out), level), 'float32')));
  } else if (activation === 'softmax') {
    stats.push(tf.mean(tf.cast(tf.greater(tf.max(out, -1), level), 'float32')));
  }
  return stats;
}

const sumOfSquares = (tf: Tf, ts: TF.Tensor[]) =>
  ts.length ? tf.addN(ts.map((t) => tf.sum(tf.square(t)))) : tf.scalar(0);

export function makeProber(
  tf: Tf,
  built: BuiltModel,
  spec: ModelSpec,
  lossFn: LossFn,
  fixed: { x: TF.Tensor; y: TF.Tensor },
): Prober {
  const modelOutputs = built.model.outputs;
  const outputs: TF.SymbolicTensor[] = [...modelOutputs];
  const watched: WatchedNode[] = spec.nodes.map((node) => {
    const tensor = built.nodeOutputs.get(node.id)!;
    let output = outputs.indexOf(tensor);
    if (output < 0) output = outputs.push(tensor) - 1;
    const layer = built.layers.get(node.id);
    return {
      id: node.id,
      units: tensor.shape[tensor.shape.length - 1] ?? 1,
      label: layerLabel(node),
      activation: watchedActivation(node),
      output,
      variables: (layer?.trainableWeights ?? []).map((w) => w.read() as TF.Variable),
    };
  });
  // One model sharing the layers (and so the weights) of the model trained, with every layer's output.
  const probeModel = tf.model({ inputs: built.model.inputs, outputs });
  const variables = [...new Set(watched.flatMap((w) => w.variables))];

  return {
    probe(x = fixed.x, y = fixed.y) {
      const stacked = tf.tidy(() => {
        let kept: TF.Tensor[] = [];
        const lossOf = () => {
          const applied = probeModel.apply(x, { training: false }) as TF.Tensor | TF.Tensor[];
          // A model with one layer has one output, which apply() returns bare.
          const outs = Array.isArray(applied) ? applied : [applied];
          kept = watched.flatMap((w) => outputStats(tf, outs[w.output], w.activation)).map((t) => tf.keep(t));
          const [pred, logits] = outputsOf(modelOutputs.length > 1 ? outs.slice(0, 2) : outs[0]);
          const reg = regularisation(tf, built.model);
          const loss = lossFn(y, pred, logits);
          return reg ? (tf.add(loss, reg) as TF.Scalar) : loss;
        };
        let grads: Record<string, TF.Tensor> = {};
        try {
          grads = tf.variableGrads(lossOf, variables).grads;
        } catch {
          // No weight reaches the loss (or none is trainable): the gradient of every layer is zero.
          tf.dispose(kept);
          lossOf();
        }
        const norms: TF.Tensor[] = [];
        for (const w of watched) {
          if (!w.variables.length) continue;
          norms.push(
            sumOfSquares(
              tf,
              w.variables.map((v) => grads[v.name]).filter((g): g is TF.Tensor => !!g),
            ),
            sumOfSquares(tf, w.variables),
          );
        }
        const all = tf.concat([...kept, ...norms].map((t) => tf.reshape(t, [1])));
        tf.dispose(kept);
        return all;
      });
      const values = stacked.dataSync();
      stacked.dispose();
      let s = 0;
      let n = watched.reduce((count, w) => count + 1 + (w.activation ? 1 : 0), 0);
      return watched.map((w) => {
        const layer: LayerProbe = { id: w.id, label: w.label };
        if (values[s++] < 1) layer.nonFinite = true;
        if (w.activation === 'relu') {
          layer.dead = values[s++];
          layer.units = w.units;
        } else if (w.activation) layer.saturated = values[s++];
        if (w.variables.length) {
          layer.grad = Math.sqrt(values[n++]);
          layer.weight = Math.sqrt(values[n++]);
        }
        return layer;
      });
    },
    dispose() {
      // The probe model owns no weights of its own; its layers belong to the model trained.
    },
  };
}
