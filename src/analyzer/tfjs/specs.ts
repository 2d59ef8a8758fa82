/**
 * Turns the values passed to tfjs's `compile({...})` and `fit(...)` into the
 * IR's specs (loss, optimizer, metrics, callbacks), following what tfjs-layers
 * 4.22 does with them (engine/training.ts, losses.ts, metrics.ts, optimizers.ts).
 */
import { lossOf, metricOf, optimizerOf } from '../construction/compile-specs';
import type { ArgInfo, CallbackInfo, LossSpec, MetricSpec, OptimizerSpec, Value } from '../ir';
import { LOSS_FUNCTIONS, lossIdForTfjs, metricIdForTfjs, optimizerIdForFactory, tfjsCatalog } from './catalog';

const has = <T extends object>(o: T, k: string) => Object.hasOwn(o, k);

/** The member name of a `tf.<namespace>.<name>` reference or object type, else null. */
export function tfMember(path: string, namespace: string): string | null {
  const prefix = `tf.${namespace}.`;
  if (!path.startsWith(prefix)) return null;
  const name = path.slice(prefix.length);
  return name.includes('.') ? null : name;
}

/** `source` is the loss argument's text, shown in messages for function losses. */
export function lossSpec(arg: ArgInfo, source: string): LossSpec {
  const v = arg.value;
  switch (v.kind) {
    case 'string':
      // losses.get() looks the string up as written: no case or snake_case conversion.
      return lossOf(arg, { id: lossIdForTfjs(v.value), written: v.value, form: 'string', fromLogits: false });
    case 'ref': {
      const fn = tfMember(v.path, 'losses');
      if (fn === null)
        return lossOf(arg, { id: null, form: v.path.startsWith('tf.metrics.') ? 'function' : 'unknown' });
      const known = has(LOSS_FUNCTIONS, fn) ? LOSS_FUNCTIONS[fn] : null;
      return lossOf(arg, {
        id: known?.id ?? null,
        written: source,
        form: 'function',
        fromLogits: known ? known.fromLogits : null,
      });
    }
    case 'callable':
      return lossOf(arg, { id: null, form: 'custom' });
    default:
      return lossOf(arg, { id: null, form: 'unknown' });
  }
}

export function optimizerSpec(arg: ArgInfo): OptimizerSpec {
  const v = arg.value;
  if (v.kind === 'string') {
    // getOptimizer() is case-sensitive: 'adam' and 'Adam' work, 'ADAM' does not.
    const known = has(tfjsCatalog.optimizers, v.value) ? tfjsCatalog.optimizers[v.value] : null;
    return optimizerOf(arg, {
      id: known ? optimizerIdForFactory(known.factory) : null,
      written: v.value,
      form: 'string',
      learningRate: known ? known.learningRate : null,
    });
  }
  if (v.kind === 'object') {
    const factory = tfMember(v.type, 'train');
    if (!factory) return optimizerOf(arg, { id: null, form: 'unknown' });
    const id = optimizerIdForFactory(factory);
    const lrArg = v.call.args.get('learning_rate');
    if (!lrArg) {
      const fallback = tfjsCatalog.trainFactories[factory]?.defaults.learningRate;
      return optimizerOf(arg, { id, form: 'object', learningRate: typeof fallback === 'number' ? fallback : null });
    }
    return optimizerOf(arg, {
      id,
      form: 'object',
      learningRate: lrArg.value.kind === 'number' ? lrArg.value.value : null,
      learningRateArg: lrArg,
    });
  }
  if (v.kind === 'callable') return optimizerOf(arg, { id: null, form: 'custom' });
  return optimizerOf(arg, { id: null, form: 'unknown' });
}

function metricSpec(value: Value, arg: ArgInfo): MetricSpec {
  if (value.kind === 'string') {
    const logged = has(tfjsCatalog.metrics, value.value) ? tfjsCatalog.metrics[value.value] : null;
    return metricOf(arg, {
      id: logged ? metricIdForTfjs(value.value) : null,
      written: value.value,
      form: 'string',
      loggedName: logged,
    });
  }
  if (value.kind === 'ref') {
    const fn = tfMember(value.path, 'metrics');
    if (fn === null || !has(tfjsCatalog.metricFunctions, fn)) return metricOf(arg, { id: null, form: 'unknown' });
    // getLossOrMetricName(): the key in lossesMap or metricsMap, else the function's name.
    return metricOf(arg, { id: metricIdForTfjs(fn), form: 'function', loggedName: tfjsCatalog.metricFunctions[fn] });
  }
  if (value.kind === 'callable') return metricOf(arg, { id: null, form: 'custom', loggedName: value.name || null });
  return metricOf(arg, { id: null, form: 'unknown' });
}

/** Metrics as a list, or null when tfjs would log names we cannot know (per-output dicts, unknown lists). */
export function metricSpecs(arg: ArgInfo): MetricSpec[] | null {
  const v = arg.value;
  if (v.kind === 'sequence') {
    if (!v.elements) return null;
    return v.elements.map((element, i) => metricSpec(v.items[i], element));
  }
  if (v.kind === 'string' || v.kind === 'ref' || v.kind === 'callable') return [metricSpec(v, arg)];
  if (v.kind === 'none') return [];
  return null;
}

/** Callbacks that watch a logged name (`tf.callbacks.earlyStopping`). */
export function callbackInfo(value: Value): CallbackInfo | null {
  if (value.kind !== 'object') return null;
  const factory = tfMember(value.type, 'callbacks');
  const known = factory && has(tfjsCatalog.callbacks, factory) ? tfjsCatalog.callbacks[factory] : null;
  if (!known) return null;
  const arg = value.call.args.get('monitor');
  if (!arg) return { type: known.className, monitor: known.monitor, call: value.call };
  return {
    type: known.className,
    monitor: arg.value.kind === 'string' ? arg.value.value : null,
    monitorArg: arg,
    call: value.call,
  };
}
