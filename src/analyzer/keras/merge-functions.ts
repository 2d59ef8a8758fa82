/**
 * Calls that create a merge layer and apply it at once: Keras's lowercase
 * functions (`layers.add([a, b])`, `concatenate(xs, axis=1)`; tf.keras 2's
 * `keras.layers.merge.add` canonicalises to the same name) and Keras 1's
 * `merge(xs, mode='concat')` / `Merge(mode=…)`. Which class each stands for
 * and its parameters are read from Keras (catalog.json `mergeFunctions`);
 * Keras 1's modes are from its `Merge` layer (removed in Keras 2).
 */
import { catalog } from './catalog';

export interface MergeMapping {
  /** The Keras class the call creates: `add` → `Add`, `merge(mode='cos')` → `Dot`. */
  className: string;
  /** The call's parameters in positional order. `inputs` takes the tensors; every other one is a constructor argument. */
  params: readonly string[];
  /** The call's own defaults (`axis=-1`), which are also the class's. */
  defaults: Readonly<Record<string, unknown>>;
  /** Keras 1 parameter names → the class's (`concat_axis` → `axis`). */
  renamed: Readonly<Record<string, string>>;
  /** Constructor arguments the call implies (`mode='cos'` → `normalize=True`). */
  implied: Readonly<Record<string, boolean>>;
  /** Call arguments that only choose the class, or that Keras 3 has no equivalent for: not passed on. */
  dropped: readonly string[];
}

interface MergeFunctionFacts {
  class: string;
  params: string[];
  defaults: Record<string, unknown>;
  layerName: string;
}

const FUNCTIONS = (catalog as unknown as { mergeFunctions: Record<string, MergeFunctionFacts> }).mergeFunctions;

/** Keras 1 `Merge`/`merge` modes: the Keras 2+ class that computes the same thing. */
const KERAS1_MODES: Record<string, { className: string; implied?: Record<string, boolean> }> = {
  sum: { className: 'Add' },
  mul: { className: 'Multiply' },
  concat: { className: 'Concatenate' },
  ave: { className: 'Average' },
  max: { className: 'Maximum' },
  dot: { className: 'Dot' },
  // Cosine proximity: the dot product of L2-normalised inputs.
  cos: { className: 'Dot', implied: { normalize: true } },
};

/** Keras 1's `merge(inputs, mode='sum', concat_axis=-1, dot_axes=-1, output_shape=None, …)`; `Merge` takes `layers` first. */
const KERAS1_PARAMS = [
  'mode',
  'concat_axis',
  'dot_axes',
  'output_shape',
  'output_mask',
  'arguments',
  'node_indices',
  'tensor_indices',
  'name',
];
const KERAS1_DROPPED = ['mode', 'output_shape', 'output_mask', 'arguments', 'node_indices', 'tensor_indices'];

/** The `keras.layers` members that are merge calls: the lowercase functions, Keras 1's `merge` and `Merge`. */
export function mergeFunctionNames(): string[] {
  return [...Object.keys(FUNCTIONS), 'merge', 'Merge'];
}

/**
 * The merge a `keras.layers` function call stands for: `name` is the member
 * name (`add`, `concatenate`, Keras 1's `merge` or `Merge`). For Keras 1,
 * `mode` is the `mode` argument: undefined when not written (Keras 1's default
 * is 'sum'), null when written but unknown. Null when the call is not a merge
 * or its class cannot be known.
 */
export function mergeFunction(name: string, mode?: string | null): MergeMapping | null {
  if (Object.hasOwn(FUNCTIONS, name)) {
    const f = FUNCTIONS[name];
    return { className: f.class, params: f.params, defaults: f.defaults, renamed: {}, implied: {}, dropped: [] };
  }
  if (name !== 'merge' && name !== 'Merge') return null;
  if (mode === null) return null;
  const chosen = KERAS1_MODES[mode ?? 'sum'];
  if (!chosen) return null;
  const renamed: Record<string, string> =
    chosen.className === 'Concatenate'
      ? { concat_axis: 'axis' }
      : chosen.className === 'Dot'
        ? { dot_axes: 'axes' }
        : {};
  return {
    className: chosen.className,
    params: [name === 'Merge' ? 'layers' : 'inputs', ...KERAS1_PARAMS],
    defaults: { mode: 'sum', concat_axis: -1, dot_axes: -1 },
    renamed,
    implied: chosen.implied ?? {},
    // The other mode's axis argument means nothing to this class.
    dropped: [...KERAS1_DROPPED, ...['concat_axis', 'dot_axes'].filter((p) => !(p in renamed))],
  };
}
