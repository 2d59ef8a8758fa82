/**
 * Rough training cost and memory of a spec, from its node shapes: multiply-adds
 * of the weight layers (forward; training ≈ 3× forward), parameter count and
 * activation sizes. Good to a factor of two or so, which is all the scaler and
 * the memory check need.
 */
import type { ModelSpec, NodeSpec } from './spec';

export type Shape = (number | null)[];

export interface Cost {
  /** Forward FLOPs per sample. */
  flops: number;
  params: number;
  /** Floats of layer outputs per sample. */
  activations: number;
  /** Recurrent time steps run one after another per batch (tfjs dispatches each step's ops separately). */
  recurrentSteps: number;
}

const prod = (xs: readonly (number | null)[]) => xs.reduce<number>((a, b) => a * (b ?? 1), 1);

function kernelVolume(node: NodeSpec, spatialRank: number): number {
  const k = node.config.kernel_size;
  if (typeof k === 'number') return k ** spatialRank;
  if (Array.isArray(k)) return prod(k as number[]);
  return 1;
}

function nodeCost(
  node: NodeSpec | { type: string; config: NodeSpec['config'] },
  input: Shape,
  output: Shape,
): { flops: number; params: number } {
  const cin = input[input.length - 1] ?? 1;
  const cout = output[output.length - 1] ?? 1;
  const outPositions = prod(output.slice(1, -1));
  const t = node.type;
  if (t === 'Dense') return { flops: 2 * cin * cout * prod(input.slice(1, -1)), params: cin * cout + cout };
  if (/^(Conv|SeparableConv|DepthwiseConv)/.test(t)) {
    const k = kernelVolume(node as NodeSpec, Math.max(1, input.length - 2));
    if (t.startsWith('Depthwise')) return { flops: 2 * outPositions * cout * k, params: k * cout + cout };
    if (t.startsWith('Separable'))
      return { flops: 2 * outPositions * (cin * k + cin * cout), params: k * cin + cin * cout + cout };
    return { flops: 2 * outPositions * cout * k * cin, params: k * cin * cout + cout };
  }
  if (t === 'Embedding') {
    const dim = typeof node.config.input_dim === 'number' ? node.config.input_dim : 0;
    return { flops: prod(output.slice(1)), params: dim * cout };
  }
  if (t === 'LSTM' || t === 'GRU' || t === 'SimpleRNN') {
    const units = typeof node.config.units === 'number' ? node.config.units : cout;
    const gates = t === 'LSTM' ? 4 : t === 'GRU' ? 3 : 1;
    const steps = input[1] ?? 1;
    return { flops: 2 * steps * gates * (cin + units) * units, params: gates * (cin * units + units * units + units) };
  }
  if (t === 'Bidirectional' && Array.isArray(node.config.layer)) {
    const [innerType, innerConfig] = node.config.layer as [string, NodeSpec['config']];
    const units = typeof innerConfig.units === 'number' ? innerConfig.units : cout / 2;
    const inner = nodeCost({ type: innerType, config: innerConfig }, input, [...output.slice(0, -1), units]);
    return { flops: 2 * inner.flops, params: 2 * inner.params };
  }
  if (t === 'BatchNormalization' || t === 'LayerNormalization')
    return { flops: 4 * prod(output.slice(1)), params: 4 * cout };
  return { flops: prod(output.slice(1)), params: 0 };
}

export function estimateCost(spec: ModelSpec, shapes: Map<string, Shape>): Cost {
  let flops = 0;
  let params = 0;
  let activations = 0;
  let recurrentSteps = 0;
  for (const input of spec.inputs) activations += prod(input.shape);
  for (const node of spec.nodes) {
    const out = shapes.get(node.id)!;
    const input = shapes.get(node.inputs[0])!;
    const c = nodeCost(node, input, out);
    flops += c.flops;
    params += c.params;
    activations += prod(out.slice(1));
    const recurrent = (type: string) => type === 'LSTM' || type === 'GRU' || type === 'SimpleRNN';
    const innerType = Array.isArray(node.config.layer) ? String(node.config.layer[0]) : '';
    if (recurrent(node.type)) recurrentSteps += input[1] ?? 1;
    else if (node.type === 'Bidirectional' && recurrent(innerType)) recurrentSteps += 2 * (input[1] ?? 1);
  }
  return { flops, params, activations, recurrentSteps };
}

/** Bytes needed to train: weights with gradients and two optimizer slots, a batch of activations (forward and backward), the data. */
export function estimateMemoryBytes(cost: Cost, batchSize: number, samples: number, inputSize: number): number {
  return 4 * (4 * cost.params + 3 * batchSize * cost.activations + samples * inputSize);
}

/**
 * Sustained training throughput (FLOP/s), conservative round figures from a
 * 2-core x86_64 machine (tfjs-node 4.22 trains the 64×64 cats-vs-dogs CNN at
 * ~50 GFLOP/s); used only to size replicas.
 */
const THROUGHPUT: Record<string, number> = {
  tensorflow: 40e9,
  cpu: 0.4e9,
  wasm: 1.5e9,
};

/** Fixed cost per training step (kernel dispatch), seconds. */
const STEP_OVERHEAD: Record<string, number> = {
  tensorflow: 0.004,
  cpu: 0.03,
  wasm: 0.01,
};

/**
 * Cost of one recurrent time step of one batch, forward and backward, seconds:
 * tfjs runs an RNN as a loop of small ops (no fused kernel), so dispatch, not
 * arithmetic, dominates (tfjs-node: an LSTM over 80 steps, 16 batches ≈ 4 s per epoch).
 */
const RECURRENT_STEP_OVERHEAD: Record<string, number> = {
  tensorflow: 0.003,
  cpu: 0.004,
  wasm: 0.004,
};

export function estimateSeconds(
  cost: Cost,
  backend: string,
  samples: number,
  batchSize: number,
  epochs: number,
  runs: number,
): number {
  const throughput = THROUGHPUT[backend] ?? THROUGHPUT.cpu;
  const overhead = STEP_OVERHEAD[backend] ?? STEP_OVERHEAD.cpu;
  const batches = Math.ceil(samples / batchSize);
  const perEpoch =
    (3 * cost.flops * samples) / throughput +
    batches * (overhead + cost.recurrentSteps * (RECURRENT_STEP_OVERHEAD[backend] ?? 0.004));
  return perEpoch * epochs * runs;
}
