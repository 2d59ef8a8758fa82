/** Reading literal values out of the analyzer's abstract values and call sites, for either language's spelling. */
import type { ArgInfo, CallSite, Value } from '../analyzer/ir';
import { activationFromValue } from '../analyzer/rules/facts';
import { snakeToCamel } from './layer-table';
import type { JsonValue } from './spec';

/** The literal a value stands for, or undefined when it is not fully known. */
export function literal(value: Value): JsonValue | undefined {
  switch (value.kind) {
    case 'none':
      return null;
    case 'bool':
      return value.value;
    case 'number':
      return value.value;
    case 'string':
      return value.value;
    case 'sequence': {
      const items = value.items.map(literal);
      return items.every((i) => i !== undefined) ? (items as JsonValue[]) : undefined;
    }
    default:
      return undefined;
  }
}

/** An argument by its Keras name, or by the camelCase name TensorFlow.js code uses. */
export function argOf(call: CallSite, kerasName: string): { name: string; arg: ArgInfo } | undefined {
  const direct = call.args.get(kerasName);
  if (direct) return { name: kerasName, arg: direct };
  const camel = snakeToCamel(kerasName);
  const other = camel !== kerasName ? call.args.get(camel) : undefined;
  return other ? { name: camel, arg: other } : undefined;
}

/** The Keras name for an argument as written (TensorFlow.js writes camelCase). */
export function kerasArgName(written: string): string {
  return written.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** An activation argument: strings, `keras.activations.relu`, `tf.nn.relu`. */
export function activationLiteral(value: Value): string | undefined {
  if (value.kind === 'none') return 'linear';
  const id = activationFromValue(value);
  return id ?? undefined;
}

/** A shape literal (numbers only, `None` kept as null). */
export function shapeLiteral(value: Value | undefined): (number | null)[] | undefined {
  if (!value) return undefined;
  if (value.kind === 'number' && value.isInt) return [value.value];
  if (value.kind !== 'sequence') return undefined;
  const out: (number | null)[] = [];
  for (const item of value.items) {
    if (item.kind === 'none') out.push(null);
    else if (item.kind === 'number' && item.isInt) out.push(item.value);
    else return undefined;
  }
  return out;
}
