/**
 * ModelSpec → tf.LayersModel through the translation table. `tf` is passed in
 * (never imported) because the worker picks it at run time: tfjs-node's copy
 * when the native backend loads, else the bundled pure-JS one.
 */
import type * as TF from '@tensorflow/tfjs';
import { badInput } from '../errors';
import { ACTIVATIONS, INITIALIZERS, LAYER_TABLE } from '../layer-table';
import type { JsonValue, ModelSpec, NodeSpec } from '../spec';
import { ACTIVATED_LAYER } from '../symptoms/layers';
import { normalizationLayer } from './normalization';

export type Tf = typeof TF;

function where(node: { type: string; line: number }): string {
  return `${node.type} (line ${node.line})`;
}

function tfjsActivation(id: JsonValue, node: { type: string; line: number }): string {
  const name = typeof id === 'string' ? ACTIVATIONS[id] : undefined;
  if (!name)
    throw badInput(
      `cannot rebuild layer ${where(node)}: activation ${JSON.stringify(id)} has no TensorFlow.js equivalent`,
    );
  return name;
}

function regularizer(tf: Tf, value: JsonValue): unknown {
  // Keras's string regularizers use a factor of 0.01.
  if (value === 'l1') return tf.regularizers.l1({ l1: 0.01 });
  if (value === 'l2') return tf.regularizers.l2({ l2: 0.01 });
  if (value === 'l1_l2') return tf.regularizers.l1l2({ l1: 0.01, l2: 0.01 });
  return undefined;
}

/** The tfjs config of one layer, or throws naming the layer and argument. */
export function tfjsConfig(
  tf: Tf,
  node: { type: string; config: Record<string, JsonValue>; line: number },
  notReproduced: string[],
): Record<string, unknown> {
  const rule = LAYER_TABLE[node.type];
  if (!rule) throw badInput(`cannot rebuild layer ${where(node)}: the trainer has no TensorFlow.js translation for it`);
  const out: Record<string, unknown> = { ...(rule.kerasDefaults ?? {}) };
  for (const [name, value] of Object.entries(node.config)) {
    const arg = rule.args[name];
    if (!arg)
      throw badInput(`cannot rebuild layer ${where(node)}: argument \`${name}\` is not supported by the trainer`);
    switch (arg.kind) {
      case 'ignored':
        break;
      case 'plain':
        if (value !== null) out[arg.tfjs] = value;
        break;
      case 'activation':
        out[arg.tfjs] = tfjsActivation(value ?? 'linear', node);
        break;
      case 'dataFormat':
        if (value === 'channels_first')
          throw badInput(
            `cannot rebuild layer ${where(node)}: data_format="channels_first" is not supported by TensorFlow.js on the CPU`,
          );
        if (value !== null) out[arg.tfjs] = 'channelsLast';
        break;
      case 'initializer': {
        if (value === null) break;
        const id =
          typeof value === 'string'
            ? (INITIALIZERS[value.toLowerCase()] ??
              INITIALIZERS[value.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase())])
            : undefined;
        if (id) out[arg.tfjs] = id;
        else notReproduced.push(`${name}=${JSON.stringify(value)} of ${where(node)}`);
        break;
      }
      case 'regularizer': {
        const r = value === null ? null : regularizer(tf, value);
        if (r) out[arg.tfjs] = r;
        else if (value !== null) notReproduced.push(`${name}=${JSON.stringify(value)} of ${where(node)}`);
        break;
      }
      case 'constraint':
        if (value !== null) notReproduced.push(`${name}=${JSON.stringify(value)} of ${where(node)}`);
        break;
      case 'layer': {
        const [innerType, innerConfig] = value as [string, Record<string, JsonValue>];
        out[arg.tfjs] = makeLayer(tf, { type: innerType, config: innerConfig, line: node.line }, notReproduced);
        break;
      }
    }
  }
  return out;
}

type Factory = (config: never) => TF.layers.Layer;

/** The tfjs factory for a Keras layer type: tf.layers, or the trainer's own layers for what tfjs lacks. */
export function layerFactory(tf: Tf, type: string): Factory | undefined {
  const rule = LAYER_TABLE[type];
  if (!rule) return undefined;
  if (rule.tfjs === 'kerasNormalization') return normalizationLayer(tf) as Factory;
  return (tf.layers as unknown as Record<string, Factory>)[rule.tfjs];
}

function makeLayer(
  tf: Tf,
  node: { type: string; config: Record<string, JsonValue>; line: number },
  notReproduced: string[],
): TF.layers.Layer {
  const rule = LAYER_TABLE[node.type]!;
  const factory = layerFactory(tf, node.type) as ((c: unknown) => TF.layers.Layer) | undefined;
  if (!factory) throw badInput(`cannot rebuild layer ${where(node)}: this TensorFlow.js has no ${rule.tfjs} layer`);
  const config = tfjsConfig(tf, node, notReproduced);
  try {
    return factory(config);
  } catch (e) {
    throw badInput(
      `cannot rebuild layer ${where(node)}: TensorFlow.js refuses its arguments (${(e as Error).message.split('\n')[0]})`,
    );
  }
}

export interface BuiltModel {
  model: TF.LayersModel;
  /** Spec node id → the tfjs layer, to copy initial weights between variants. */
  layers: Map<string, TF.layers.Layer>;
  notReproduced: string[];
  /**
   * The model has a second output: the logits before its final sigmoid/softmax,
   * which Keras 3 caches on the output and computes crossentropy losses from.
   */
  logits: boolean;
  /** Spec node id → the node's output (after its activation), for the training probe. */
  nodeOutputs: Map<string, TF.SymbolicTensor>;
}

/** Layers whose `activation=` Keras 3 applies through keras.activations (caching the logits). */
const ACTIVATED = ACTIVATED_LAYER;

/**
 * The activation whose input Keras 3 keeps as `_keras_logits` on the model
 * output (keras/src/activations/activations.py, softmax and sigmoid), or null.
 */
function cachedLogitsActivation(node: Pick<NodeSpec, 'type' | 'config'>): 'sigmoid' | 'softmax' | null {
  const a = node.config.activation;
  if (node.type === 'Softmax')
    return typeof node.config.axis === 'object' && Array.isArray(node.config.axis) && node.config.axis.length > 1
      ? null
      : 'softmax';
  if ((node.type === 'Activation' || ACTIVATED.test(node.type)) && (a === 'sigmoid' || a === 'softmax')) return a;
  return null;
}

/** Builds the model; shape errors (a layer that does not fit its input) name the layer. */
export function buildModel(tf: Tf, spec: ModelSpec): BuiltModel {
  const notReproduced = [...spec.notReproduced];
  const tensors = new Map<string, TF.SymbolicTensor>();
  const inputs = spec.inputs.map((i) => {
    const t = tf.input({ shape: i.shape });
    tensors.set(i.id, t);
    return t;
  });
  const layers = new Map<string, TF.layers.Layer>();
  const outputId = spec.outputs[0];
  let logits: TF.SymbolicTensor | null = null;
  for (const node of spec.nodes) {
    const cached = node.id === outputId ? cachedLogitsActivation(node) : null;
    // Keras 3 keeps the pre-activation tensor: build the layer linear, then its activation, so both are outputs.
    const split = cached !== null && ACTIVATED.test(node.type);
    const from = node.inputs.map((id) => tensors.get(id)!);
    const layer = flattensVector(node, from[0]?.shape)
      ? vectorFlatten(tf, from[0].shape)
      : makeLayer(tf, split ? { ...node, config: { ...node.config, activation: 'linear' } } : node, notReproduced);
    let out: TF.SymbolicTensor;
    try {
      out = layer.apply(from.length === 1 ? from[0] : from) as TF.SymbolicTensor;
    } catch (e) {
      const shapes = from.map((t) => `(${t.shape.map((d) => d ?? 'None').join(', ')})`).join(' and ');
      throw badInput(
        `cannot rebuild layer ${where(node)}: it does not fit its input of shape ${shapes}: ${(e as Error).message.split('\n')[0]}`,
      );
    }
    if (Array.isArray(out))
      throw badInput(
        `cannot rebuild layer ${where(node)}: layers with several outputs (return_state) are not supported`,
      );
    if (cached) {
      if (split) {
        logits = out;
        out = tf.layers.activation({ activation: cached }).apply(out) as TF.SymbolicTensor;
      } else {
        logits = from[0];
      }
    }
    tensors.set(node.id, out);
    layers.set(node.id, layer);
  }
  const outputs = spec.outputs.map((id) => tensors.get(id)!);
  const model = tf.model({ inputs, outputs: logits ? [...outputs, logits] : outputs });
  const nodeOutputs = new Map(spec.nodes.map((n) => [n.id, tensors.get(n.id)!]));
  return { model, layers, notReproduced, logits: logits !== null, nodeOutputs };
}

/**
 * Keras's Flatten leaves a (batch, n) input as it is; tfjs's refuses inputs of
 * rank 2. Such a Flatten is rebuilt as the identity reshape to (n).
 */
export function flattensVector(
  node: Pick<NodeSpec, 'type'>,
  inputShape: readonly (number | null)[] | undefined,
): boolean {
  return node.type === 'Flatten' && inputShape?.length === 2;
}

function vectorFlatten(tf: Tf, inputShape: readonly (number | null)[]): TF.layers.Layer {
  return tf.layers.reshape({ targetShape: [inputShape[1] ?? -1] });
}

/** Nodes in the spec that are convolutions (the wasm backend cannot train them). */
export function hasConvolution(spec: ModelSpec): boolean {
  const isConv = (n: Pick<NodeSpec, 'type' | 'config'>): boolean =>
    /Conv/.test(n.type) ||
    ((n.type === 'Bidirectional' || n.type === 'TimeDistributed') &&
      Array.isArray(n.config.layer) &&
      /Conv/.test(String(n.config.layer[0])));
  return spec.nodes.some(isConv);
}
