/**
 * What the probe watches in each layer of a spec: which activation the layer
 * applies (ReLUs can die; sigmoid, tanh and softmax can saturate) and the name
 * the user knows it by. Pure: used in the training process and in reports.
 */
import type { NodeSpec } from '../spec';

export type WatchedActivation = 'relu' | 'sigmoid' | 'tanh' | 'softmax';

/** Layers whose `activation=` argument is applied to their output (recurrent layers apply theirs inside). */
export const ACTIVATED_LAYER = /^(Dense|Conv[123]D|Conv[123]DTranspose|SeparableConv[12]D|DepthwiseConv[12]D)$/;

const BY_NAME: Record<string, WatchedActivation> = {
  relu: 'relu',
  relu6: 'relu',
  sigmoid: 'sigmoid',
  hard_sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
};

export function watchedActivation(node: Pick<NodeSpec, 'type' | 'config'>): WatchedActivation | null {
  if (node.type === 'ReLU') return 'relu';
  if (node.type === 'Softmax') return 'softmax';
  if (node.type !== 'Activation' && !ACTIVATED_LAYER.test(node.type)) return null;
  const a = node.config.activation;
  return typeof a === 'string' ? (BY_NAME[a] ?? null) : null;
}

export function layerLabel(node: Pick<NodeSpec, 'type' | 'line'>): string {
  return `${node.type} (line ${node.line})`;
}
