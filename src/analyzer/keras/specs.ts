/**
 * Turns the abstract values passed to `compile(...)` and `fit(...)` into the
 * IR's specs (loss, optimizer, metrics, callbacks), following what Keras 3 does
 * with them (keras/src/trainers/compile_utils.py).
 */
import { lossOf, metricOf, optimizerOf } from '../construction/compile-specs';
import type { ArgInfo, CallbackInfo, CallSite, LossSpec, MetricSpec, OptimizerSpec, Value } from '../ir';
import {
  callbackSignature,
  isKerasLossString,
  isKerasMetricString,
  lossIdFor,
  metricDefaultName,
  optimizerDefaultLearningRate,
  optimizerIdForClass,
  isKerasOptimizerString,
} from './catalog';
import { kerasMember } from '../python/canonical';

function member(value: Value, namespace: string): string | null {
  if (value.kind === 'ref') {
    const m = kerasMember(value.path);
    return m && m[0] === namespace ? m[1] : null;
  }
  if (value.kind === 'object') {
    const m = kerasMember(value.type);
    return m && m[0] === namespace ? m[1] : null;
  }
  return null;
}

function boolArg(call: CallSite, name: string, fallback: boolean): { value: boolean | null; arg?: ArgInfo } {
  const arg = call.args.get(name);
  if (!arg) return { value: fallback };
  return { value: arg.value.kind === 'bool' ? arg.value.value : null, arg };
}

export function lossSpec(arg: ArgInfo): LossSpec {
  const v = arg.value;
  switch (v.kind) {
    case 'string':
      return lossOf(arg, {
        id: isKerasLossString(v.value) ? lossIdFor(v.value) : null,
        written: v.value,
        form: 'string',
        fromLogits: false,
      });
    case 'ref': {
      const name = member(v, 'losses');
      return name
        ? lossOf(arg, { id: lossIdFor(name), form: 'function', fromLogits: false })
        : lossOf(arg, { id: null, form: 'unknown' });
    }
    case 'object': {
      const name = member(v, 'losses');
      if (!name) return lossOf(arg, { id: null, form: 'unknown' });
      const logits = boolArg(v.call, 'from_logits', false);
      return lossOf(arg, { id: lossIdFor(name), form: 'object', fromLogits: logits.value, fromLogitsArg: logits.arg });
    }
    case 'callable':
      return lossOf(arg, { id: null, form: 'custom' });
    default:
      return lossOf(arg, { id: null, form: 'unknown' });
  }
}

function learningRate(call: CallSite, id: string | null): { value: number | null; arg?: ArgInfo } {
  // `lr` is the tf.keras 2 spelling; Keras 3 rejects it, but the intent is the same.
  const arg = call.args.get('learning_rate') ?? call.args.get('lr');
  if (!arg) return { value: id ? optimizerDefaultLearningRate(id) : null };
  return { value: arg.value.kind === 'number' ? arg.value.value : null, arg };
}

export function optimizerSpec(arg: ArgInfo): OptimizerSpec {
  const v = arg.value;
  if (v.kind === 'string') {
    const id = isKerasOptimizerString(v.value) ? v.value.toLowerCase() : null;
    return optimizerOf(arg, {
      id,
      written: v.value,
      form: 'string',
      learningRate: id ? optimizerDefaultLearningRate(id) : null,
    });
  }
  if (v.kind === 'object') {
    const name = member(v, 'optimizers');
    if (!name) return optimizerOf(arg, { id: null, form: 'unknown' });
    const id = optimizerIdForClass(name);
    const lr = learningRate(v.call, id);
    return optimizerOf(arg, { id, form: 'object', learningRate: lr.value, learningRateArg: lr.arg });
  }
  if (v.kind === 'callable') return optimizerOf(arg, { id: null, form: 'custom' });
  return optimizerOf(arg, { id: null, form: 'unknown' });
}

function metricSpec(value: Value, arg: ArgInfo): MetricSpec {
  if (value.kind === 'string') {
    const lower = value.value.toLowerCase();
    const known = isKerasMetricString(value.value);
    return metricOf(arg, {
      id: !known ? null : lower === 'acc' || lower === 'accuracy' ? 'accuracy' : value.value,
      written: value.value,
      form: 'string',
      // compile_utils.get_metric logs a string metric under the string as written.
      loggedName: value.value,
    });
  }
  if (value.kind === 'object') {
    const name = member(value, 'metrics');
    if (!name) return metricOf(arg, { id: null, form: 'unknown' });
    const given = value.call.args.get('name')?.value;
    const loggedName = given?.kind === 'string' ? given.value : given ? null : metricDefaultName(name);
    return metricOf(arg, { id: name, form: 'object', loggedName });
  }
  if (value.kind === 'ref') {
    const name = member(value, 'metrics') ?? member(value, 'losses');
    // A function's metric is logged under its __name__, which for aliases is the long name.
    const fnName = name ? (lossIdFor(name) ?? name) : null;
    return metricOf(arg, {
      id: fnName,
      form: 'function',
      loggedName: fnName && /^[a-z_0-9]+$/.test(fnName) ? fnName : null,
    });
  }
  if (value.kind === 'callable') return metricOf(arg, { id: null, form: 'custom', loggedName: value.name });
  return metricOf(arg, { id: null, form: 'unknown' });
}

/** Metrics as a list, or null when Keras would log names we cannot know (dicts per output, unknown lists). */
export function metricSpecs(arg: ArgInfo, items: { value: Value; arg: ArgInfo }[] | null): MetricSpec[] | null {
  if (items) return items.map((item) => metricSpec(item.value, item.arg));
  if (arg.value.kind === 'string' || arg.value.kind === 'object') return [metricSpec(arg.value, arg)];
  return null;
}

/** Callbacks that watch a logged name. */
export function callbackInfo(value: Value): CallbackInfo | null {
  if (value.kind !== 'object') return null;
  const name = member(value, 'callbacks');
  if (!name) return null;
  const sig = callbackSignature(name);
  if (!sig?.params.includes('monitor')) return null;
  const arg = value.call.args.get('monitor');
  if (!arg) {
    const fallback = sig.defaults.monitor;
    return { type: name, monitor: typeof fallback === 'string' ? fallback : null, call: value.call };
  }
  return {
    type: name,
    monitor: arg.value.kind === 'string' ? arg.value.value : null,
    monitorArg: arg,
    call: value.call,
  };
}
