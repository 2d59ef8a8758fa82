/**
 * Merge calls, Python's spelling: Keras's lowercase functions
 * (`layers.add([a, b])`, `concatenate(xs, axis=1)`, `keras.layers.merge.dot`)
 * create the merge layer they stand for and apply it at once, sharing its
 * name counter; Keras 1's `merge(xs, mode='concat', concat_axis=1)` does the
 * same with the class its mode picks, and `Merge(layers, mode=…)` is that
 * layer unapplied. Which class and which arguments: keras/merge-functions.ts.
 * (TensorFlow.js's `tf.layers.add({})` is a layer factory like any other.)
 */
import type { ArgInfo, Value } from '../ir';
import { mergeFunction, mergeFunctionNames } from '../keras/merge-functions';
import type { CallTable, FrameworkCall } from './call-table';

function mergeCall(name: string) {
  return (c: FrameworkCall): Value | undefined => {
    if (c.language !== 'python') return undefined;
    const keras1 = name === 'merge' || name === 'Merge';
    let mapping = mergeFunction(name);
    if (!mapping) return undefined;
    let site = c.bind({ keywords: mapping.params });
    if (keras1) {
      const mode = site.args.get('mode')?.value;
      mapping = mergeFunction(name, mode === undefined ? undefined : mode.kind === 'string' ? mode.value : null);
      if (!mapping) return undefined;
      site = c.bind({ keywords: mapping.params });
    }
    const [inputsParam] = mapping.params;
    const args = new Map<string, ArgInfo>();
    for (const [param, info] of site.args) {
      if (param === inputsParam || mapping.dropped.includes(param)) continue;
      args.set(mapping.renamed[param] ?? param, info);
    }
    for (const [param, value] of Object.entries(mapping.implied))
      if (!args.has(param))
        args.set(param, {
          value: { kind: 'bool', value },
          span: c.span,
          removal: c.span,
          literal: false,
          fromSplat: true,
        });
    const layer = c.build.layer(mapping.className, true, { ...site, args });
    if (name === 'Merge') return layer;
    const inputs = site.args.get(inputsParam);
    if (!inputs) return undefined;
    return c.build.apply(layer, inputs.value, c.span, inputs.fromSplat ? null : inputs.span, 'placeholder');
  };
}

export function registerMergeCalls(table: CallTable): void {
  for (const name of mergeFunctionNames()) table.on(`keras.layers.${name}`, mergeCall(name));
}
