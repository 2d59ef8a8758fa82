/** How fixes are written in JavaScript/TypeScript for tfjs, using the file's own import names and quote style. */
import type { Dialect, NameSet } from '../dialect';
import type { Edit } from '../findings';
import type { LabelInfo, LayerNode, Span, TensorNode } from '../ir';
import { layerSignature, lossIdFor } from '../keras/catalog';
import { insertLayerEdit, type ModelBuilder } from '../model-builder';
import {
  defaultLearningRateFor,
  layerFactoryFor,
  tfjsActivationFor,
  tfjsCatalog,
  tfjsLossName,
  tfjsMetricName,
} from './catalog';
import { camelCase } from './names';
import { dominantQuote } from '../text-index';

function nameSet(names: readonly string[], alias: (name: string) => string | null): NameSet {
  const set = new Set(names);
  return { has: (n) => set.has(n), all: () => names, alias: (n) => (set.has(n) ? null : alias(n)) };
}

/** The Keras id a name means in Keras (`mse` → mean_squared_error), for offering tfjs's spelling of it. */
function kerasMetricId(name: string): string | null {
  if (name === 'acc' || name === 'accuracy') return 'accuracy';
  return lossIdFor(name) ?? (/^[a-z0-9_]+$/.test(name) ? name : null);
}

export const TFJS_NAME_SETS = {
  loss: nameSet(tfjsCatalog.losses, (n) => {
    const id = lossIdFor(n);
    return id ? tfjsLossName(id) : null;
  }),
  activation: nameSet(tfjsCatalog.activations, tfjsActivationFor),
  optimizer: nameSet(Object.keys(tfjsCatalog.optimizers), () => null),
  metric: nameSet(Object.keys(tfjsCatalog.metrics), (n) => {
    const id = kerasMetricId(n);
    return id ? tfjsMetricName(id) : null;
  }),
};

export class TfjsDialect implements Dialect {
  readonly language = 'javascript' as const;
  readonly framework = 'TensorFlow.js';
  readonly names = TFJS_NAME_SETS;

  constructor(
    private readonly text: string,
    private readonly builder: ModelBuilder,
    /** Module-level names bound to tfjs symbols → their `tf.` path. */
    private readonly bindings: Map<string, string>,
  ) {}

  private fileQuote: string | undefined;

  string(value: string, like?: Span): string {
    const quote =
      (like ? /^(['"`])/.exec(this.text.slice(like.start, like.end))?.[1] : undefined) ??
      (this.fileQuote ??= dominantQuote(this.text));
    let body = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').split(quote).join(`\\${quote}`);
    if (quote === '`') body = body.replace(/\$\{/g, '\\${');
    return quote + body + quote;
  }

  keywordArg(name: string, valueCode: string): string {
    return `${name}: ${valueCode}`;
  }

  argName(kerasName: string): string {
    return camelCase(kerasName);
  }

  lossName(id: string): string | null {
    return tfjsLossName(id);
  }

  /**
   * tfjs string losses take probabilities only; the tf.losses functions that
   * take logits are softmaxCrossEntropy (categorical) and sigmoidCrossEntropy
   * (binary). There is no sparse one.
   */
  lossObject(id: string, fromLogits: boolean, near: Span): string | null {
    void near;
    if (!fromLogits) {
      const name = tfjsLossName(id);
      return name ? this.string(name) : null;
    }
    const fn =
      id === 'categorical_crossentropy'
        ? 'softmaxCrossEntropy'
        : id === 'binary_crossentropy'
          ? 'sigmoidCrossEntropy'
          : null;
    return fn ? this.reference(`tf.losses.${fn}`) : null;
  }

  /** tfjs's sparseCategoricalCrossentropy floors the labels, and tf.floor throws on int32 tensors (tfjs 4.22, every backend). */
  labelsRejectedBy(lossId: string, labels: LabelInfo): string | null {
    if (lossId === 'sparse_categorical_crossentropy' && labels.dtype === 'int32') {
      return "in TensorFlow.js it floors the labels first and tf.floor only takes float32 tensors, so fit() throws \"Argument 'x' passed to 'floor' must be float32 tensor, but got int32 tensor\". Make them float32 (.toFloat())";
    }
    return null;
  }

  defaultLearningRate(optimizerId: string): number | null {
    return defaultLearningRateFor(optimizerId);
  }

  /** A name in this file for tfjs symbol `path` (`tf.layers.flatten` → `tf.layers.flatten` or `layers.flatten`). */
  private reference(path: string): string | null {
    let best: string | null = null;
    for (const [local, bound] of this.bindings) {
      let candidate: string | null = null;
      if (bound === path) candidate = local;
      else if (path.startsWith(`${bound}.`)) candidate = local + path.slice(bound.length);
      if (candidate && (!best || candidate.length < best.length)) best = candidate;
    }
    return best;
  }

  layerExpression(type: string, like: LayerNode, argsCode = ''): { code: string; extraEdits: Edit[] } | null {
    const factory = layerFactoryFor(type);
    if (!factory) return null;
    // Python callers pass the first positional argument; tfjs layers take one config object.
    let config = argsCode.trim();
    if (config && !config.startsWith('{')) {
      const first = layerSignature(type)?.params[0];
      if (!first) return null;
      config = `{${this.argName(first)}: ${config}}`;
    }
    const callee = this.text.slice(like.call.calleeSpan.start, like.call.calleeSpan.end);
    const dot = callee.lastIndexOf('.');
    const prefix = dot >= 0 && /^[\w$.\s]+$/.test(callee) ? callee.slice(0, dot + 1) : null;
    const code = prefix ? `${prefix}${factory}` : this.reference(`tf.layers.${factory}`);
    return code ? { code: `${code}(${config})`, extraEdits: [] } : null;
  }

  insertLayerBefore(node: TensorNode, type: string): Edit[] | null {
    const attach = this.builder.attachPoints.get(node);
    const expr = attach && this.layerExpression(type, node.layer);
    if (!attach || !expr) return null;
    return [
      insertLayerEdit(this.text, attach, expr.code, (code, input) => `${code}.apply(${input})`),
      ...expr.extraEdits,
    ];
  }
}
