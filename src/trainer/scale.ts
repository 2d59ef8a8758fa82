/**
 * Scaled replicas: when the full model would not train within the time budget
 * (or would not fit in memory), cap the input's spatial size and the hidden
 * layers' widths while keeping every layer type, activation, the output layer,
 * the loss and the optimizer. Every change is recorded so the result can say
 * exactly what was scaled. Every variant of a verification is scaled the same way.
 */
import * as os from 'node:os';
import { estimateCost, estimateMemoryBytes, estimateSeconds, type Shape } from './cost';
import { badInput } from './errors';
import { LAYER_TABLE, SHAPE_PRESERVING } from './layer-table';
import type { ModelSpec, TrainingPlan } from './spec';

export interface Caps {
  /** Largest spatial size along each axis of image-like inputs. */
  spatial: number;
  sequence: number;
  vector: number;
  vocabulary: number;
  convFilters: number;
  denseUnits: number;
  recurrentUnits: number;
  embeddingDim: number;
}

export const REPLICA_LADDER: Caps[] = [
  {
    spatial: 32,
    sequence: 64,
    vector: 256,
    vocabulary: 2000,
    convFilters: 16,
    denseUnits: 64,
    recurrentUnits: 32,
    embeddingDim: 32,
  },
  {
    spatial: 16,
    sequence: 32,
    vector: 128,
    vocabulary: 1000,
    convFilters: 8,
    denseUnits: 32,
    recurrentUnits: 16,
    embeddingDim: 16,
  },
  {
    spatial: 16,
    sequence: 16,
    vector: 64,
    vocabulary: 500,
    convFilters: 8,
    denseUnits: 32,
    recurrentUnits: 16,
    embeddingDim: 16,
  },
];

/**
 * Replicas of recurrent models. tfjs has no fused LSTM/GRU kernel: every time
 * step of every batch is a round of small ops, so an epoch costs about
 * steps × batches dispatches whatever the width. bench/recurrent-replicas.ts
 * trained recurrent models at full size in Keras (the reference) and as
 * replicas of 64, 32, 16 and 8 steps in tfjs and in Keras from the same
 * weights: every replica kept every verdict (bench/RESULTS.md). The trainer
 * takes 16 steps and 16 units, one rung above the smallest that agreed, and
 * 8 and 8 only when that would not fit the time budget.
 */
const RECURRENT_LADDER: Caps[] = [
  { ...REPLICA_LADDER[0], sequence: 16, recurrentUnits: 16 },
  { ...REPLICA_LADDER[2], sequence: 8, recurrentUnits: 8 },
];

const RECURRENT = /^(LSTM|GRU|SimpleRNN)$/;

function hasRecurrentLayer(spec: ModelSpec): boolean {
  return spec.nodes.some(
    (n) =>
      RECURRENT.test(n.type) ||
      ((n.type === 'Bidirectional' || n.type === 'TimeDistributed') &&
        Array.isArray(n.config.layer) &&
        RECURRENT.test(String(n.config.layer[0]))),
  );
}

type ShapesOf = (spec: ModelSpec) => Map<string, Shape>;

interface ScaledChange {
  layer: string;
  argument: string;
  from: unknown;
  to: unknown;
}

/** Nodes whose width is the model's output width: followed back from each output through shape-preserving layers. */
function outputWidthNodes(spec: ModelSpec): Set<string> {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const keep = new Set<string>();
  for (const out of spec.outputs) {
    let node = byId.get(out);
    while (node) {
      if (LAYER_TABLE[node.type]?.width) {
        keep.add(node.id);
        break;
      }
      if (!SHAPE_PRESERVING.has(node.type) || node.inputs.length !== 1) break;
      node = byId.get(node.inputs[0]);
    }
  }
  return keep;
}

function widthCap(type: string, caps: Caps): number {
  if (/Conv/.test(type)) return caps.convFilters;
  if (type === 'Embedding') return caps.embeddingDim;
  if (type === 'LSTM' || type === 'GRU' || type === 'SimpleRNN') return caps.recurrentUnits;
  return caps.denseUnits;
}

/** A replica of `spec` under `caps`, with the list of what changed. */
export function replicate(
  spec: ModelSpec,
  caps: Caps,
  scaleInput: boolean,
): { spec: ModelSpec; changes: ScaledChange[]; input?: { from: number[]; to: number[] } } {
  const copy: ModelSpec = JSON.parse(JSON.stringify(spec));
  const changes: ScaledChange[] = [];
  const keep = outputWidthNodes(copy);
  let input: { from: number[]; to: number[] } | undefined;
  if (scaleInput && copy.inputs.length === 1) {
    const shape = copy.inputs[0].shape;
    const first = copy.nodes.find((n) => n.inputs.includes(copy.inputs[0].id));
    let to = shape;
    if (first?.type === 'Embedding' || (shape.length === 2 && !/Conv2D/.test(first?.type ?? '')))
      to = [Math.min(shape[0], caps.sequence), ...shape.slice(1)];
    else if (shape.length === 1) to = [Math.min(shape[0], caps.vector)];
    else to = [...shape.slice(0, -1).map((d) => Math.min(d, caps.spatial)), shape[shape.length - 1]];
    if (to.some((d, i) => d !== shape[i])) {
      input = { from: shape, to };
      copy.inputs[0].shape = to;
    }
  }
  for (const node of copy.nodes) {
    const visit = (n: { type: string; config: ModelSpec['nodes'][number]['config'] }, label: string) => {
      const widthArg = LAYER_TABLE[n.type]?.width;
      if (widthArg && typeof n.config[widthArg] === 'number') {
        const cap = widthCap(n.type, caps);
        const from = n.config[widthArg] as number;
        if (from > cap) {
          n.config[widthArg] = cap;
          changes.push({ layer: label, argument: widthArg, from, to: cap });
        }
      }
      if (n.type === 'Embedding' && typeof n.config.input_dim === 'number' && n.config.input_dim > caps.vocabulary) {
        changes.push({ layer: label, argument: 'input_dim', from: n.config.input_dim, to: caps.vocabulary });
        n.config.input_dim = caps.vocabulary;
      }
    };
    const label = `${node.type} (line ${node.line})`;
    if (keep.has(node.id)) continue;
    if ((node.type === 'Bidirectional' || node.type === 'TimeDistributed') && Array.isArray(node.config.layer)) {
      const [innerType, innerConfig] = node.config.layer as [string, ModelSpec['nodes'][number]['config']];
      visit({ type: innerType, config: innerConfig }, `${innerType} in ${label}`);
    } else visit(node, label);
  }
  return { spec: copy, changes, input };
}

export interface ScalingDecision {
  variants: ModelSpec[];
  scaled: Record<string, unknown>;
  estimateSeconds: number;
  memoryBytes: number;
}

/** Decides full size or replica for all variants together, within the time budget and the memory available. */
export function decideScale(plan: TrainingPlan, backend: string, shapesOf: ShapesOf): ScalingDecision {
  const specs = plan.variants.map((v) => v.spec);
  const samples = plan.data.train + plan.data.validation;
  const memoryLimit = Math.min(os.totalmem() * 0.5, os.freemem() * 0.8);
  const measure = (variants: ModelSpec[]) => {
    let seconds = 0;
    let memory = 0;
    for (const s of variants) {
      const cost = estimateCost(s, shapesOf(s));
      const inputSize = s.inputs.reduce((a, i) => a + i.shape.reduce((x, y) => x * y, 1), 0);
      seconds += estimateSeconds(cost, backend, samples, s.batchSize, plan.epochs, 1);
      memory = Math.max(memory, estimateMemoryBytes(cost, s.batchSize, samples, inputSize));
    }
    return { seconds, memory };
  };
  const full = measure(specs);
  const gb = (b: number) => `${(b / 2 ** 30).toFixed(1)} GB`;
  if (plan.fullSize) {
    if (full.memory > memoryLimit)
      throw badInput(
        `the full-size model needs about ${gb(full.memory)} to train, more than the ${gb(memoryLimit)} available; train the scaled replica instead (turn off full size)`,
      );
    return { variants: specs, scaled: {}, estimateSeconds: full.seconds, memoryBytes: full.memory };
  }
  const budget = plan.timeBudgetSeconds * 0.6;
  if (full.seconds <= budget && full.memory <= memoryLimit)
    return { variants: specs, scaled: {}, estimateSeconds: full.seconds, memoryBytes: full.memory };
  const reason =
    full.memory > memoryLimit
      ? `the full-size model needs about ${gb(full.memory)}, more than the ${gb(memoryLimit)} available`
      : `the full-size model would take about ${Math.round(full.seconds)} s on this backend, over the ${plan.timeBudgetSeconds} s budget`;
  const keepsShape = specs.some((s) => s.nodes.some((n) => LAYER_TABLE[n.type]?.fixedShape));
  // The user's data keeps its inputs, except images, which are resized like the loader resizes them.
  const dataKeepsShape = !!plan.data.user && specs[0].inputs[0]?.shape.length !== 3;
  let best: { replicas: ReturnType<typeof replicate>[]; m: { seconds: number; memory: number } } | null = null;
  const recurrent = specs.some(hasRecurrentLayer);
  // A recurrent replica is chosen for its verdicts (see RECURRENT_LADDER), within the whole budget, its runs
  // spread over the training processes; the estimate is an upper bound (every epoch of every run).
  const processes = Math.min(2, os.availableParallelism(), specs.length);
  const fits = (m: { seconds: number; memory: number }) =>
    m.memory <= memoryLimit && (recurrent ? m.seconds / processes <= plan.timeBudgetSeconds : m.seconds <= budget);
  for (const caps of recurrent ? RECURRENT_LADDER : REPLICA_LADDER) {
    for (const scaleInput of keepsShape || dataKeepsShape ? [false] : [true, false]) {
      let replicas: ReturnType<typeof replicate>[];
      let m: { seconds: number; memory: number };
      try {
        replicas = specs.map((s) => replicate(s, caps, scaleInput));
        m = measure(replicas.map((r) => r.spec));
      } catch {
        continue; // this replica does not fit together (e.g. pooling below size 1): try the next
      }
      best = { replicas, m };
      break;
    }
    if (best && fits(best.m)) break;
  }
  if (!best)
    return {
      variants: specs,
      scaled: { note: `${reason}, but no smaller replica of this model is valid; trained at full size` },
      estimateSeconds: full.seconds,
      memoryBytes: full.memory,
    };
  if (best.m.memory > memoryLimit)
    throw badInput(
      `even a scaled replica needs about ${gb(best.m.memory)} to train, more than the ${gb(memoryLimit)} available`,
    );
  const first = best.replicas[0];
  const scaled: Record<string, unknown> = { reason };
  if (first.input) scaled.input_shape = first.input;
  else if (keepsShape) scaled.input_shape_kept = 'the model reshapes to fixed sizes, so its input keeps its size';
  else if (dataKeepsShape)
    scaled.input_shape_kept = 'your data keeps its shape (only images are resized for a replica)';
  if (first.changes.length) scaled.layers = first.changes;
  scaled.estimated_seconds = { full: Math.round(full.seconds), replica: Math.round(best.m.seconds) };
  return {
    variants: best.replicas.map((r) => r.spec),
    scaled,
    estimateSeconds: best.m.seconds,
    memoryBytes: best.m.memory,
  };
}
