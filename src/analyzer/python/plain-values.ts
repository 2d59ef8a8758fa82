/**
 * Python's own functions and methods on plain values, the ones layer sizes are
 * worked out with: `math.sqrt(n)`, `math.ceil(n / 2)`, `np.floor(x)` on a
 * number, `"cat dog".split()`, `name.lower()`. Each gives what Python
 * gives (an int or a float, as Python types it) when every argument is known,
 * else unknown. Methods that change a value in place are not here.
 */
import type { Value } from '../ir';
import { UNKNOWN } from '../ir';
import type { EvaluatedArgs } from './call-site';
import { seq, str } from './values';

const float = (value: number): Value => ({ kind: 'number', value, isInt: false });
const int = (value: number): Value => ({ kind: 'number', value, isInt: true });

/** Functions of numbers: math's return ints where Python's do, NumPy's always floats (np.float64). */
const NUMBER_FUNCTIONS: Record<string, (xs: number[]) => Value | null> = {
  'math.sqrt': ([x]) => (x >= 0 ? float(Math.sqrt(x)) : null),
  'math.ceil': ([x]) => int(Math.ceil(x)),
  'math.floor': ([x]) => int(Math.floor(x)),
  'math.trunc': ([x]) => int(Math.trunc(x)),
  'math.log': ([x, base]) => (x > 0 ? float(base === undefined ? Math.log(x) : Math.log(x) / Math.log(base)) : null),
  'math.log2': ([x]) => (x > 0 ? float(Math.log2(x)) : null),
  'math.log10': ([x]) => (x > 0 ? float(Math.log10(x)) : null),
  'math.exp': ([x]) => float(Math.exp(x)),
  'math.pow': ([x, y]) => (y === undefined ? null : float(x ** y)),
  'math.fabs': ([x]) => float(Math.abs(x)),
  'np.sqrt': ([x]) => (x >= 0 ? float(Math.sqrt(x)) : null),
  'np.ceil': ([x]) => float(Math.ceil(x)),
  'np.floor': ([x]) => float(Math.floor(x)),
  'np.log2': ([x]) => (x > 0 ? float(Math.log2(x)) : null),
};

/**
 * `math.sqrt(64)` and friends on known numbers; null when `path` is not one of
 * them or an argument is not a number (an array, say: numpy-arrays.ts's).
 */
export function numberFunction(path: string, args: EvaluatedArgs): Value | null {
  const f = Object.hasOwn(NUMBER_FUNCTIONS, path) ? NUMBER_FUNCTIONS[path] : undefined;
  const xs = args.positional.map((a) => a.value);
  if (!f || xs.length === 0 || args.keyword.size > 0 || args.opaqueSplat || xs.some((v) => v.kind !== 'number'))
    return null;
  const result = f(xs.map((v) => (v as { value: number }).value));
  return result && Number.isFinite((result as { value: number }).value) ? result : UNKNOWN;
}

const STRING_METHODS = new Set(['split', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'replace', 'join']);
/** True for a method of a string this module evaluates (a dict's are the interpreter's). */
export function isPlainMethod(receiver: Value, name: string): boolean {
  return receiver.kind === 'string' && STRING_METHODS.has(name);
}

/** `receiver.name(*args)` for a string receiver (see {@link isPlainMethod}). */
export function callPlainMethod(
  receiver: Value,
  name: string,
  args: EvaluatedArgs,
  iterate: (v: Value) => Value[] | null,
): Value {
  const a = args.positional.map((p) => p.value);
  if (args.opaqueSplat) return UNKNOWN;
  if (receiver.kind !== 'string') return UNKNOWN;
  const s = receiver.value;
  switch (name) {
    case 'lower':
      return a.length === 0 ? str(s.toLowerCase()) : UNKNOWN;
    case 'upper':
      return a.length === 0 ? str(s.toUpperCase()) : UNKNOWN;
    case 'strip':
    case 'lstrip':
    case 'rstrip': {
      // Characters to strip other than whitespace: left unknown.
      if (a.length > 0 || args.keyword.size > 0) return UNKNOWN;
      return str(name === 'strip' ? s.trim() : name === 'lstrip' ? s.trimStart() : s.trimEnd());
    }
    case 'replace': {
      const [from, to] = a;
      if (a.length !== 2 || from.kind !== 'string' || to.kind !== 'string' || from.value === '') return UNKNOWN;
      return str(s.split(from.value).join(to.value));
    }
    case 'join': {
      const items = a.length === 1 ? iterate(a[0]) : null;
      const strings = items?.every((v) => v.kind === 'string') ? (items as { value: string }[]) : null;
      return strings ? str(strings.map((v) => v.value).join(s)) : UNKNOWN;
    }
    case 'split': {
      const sep = a[0] ?? args.keyword.get('sep')?.value;
      const keywords = [...args.keyword.keys()].every((k) => k === 'sep');
      // maxsplit: left unknown.
      if (a.length > 1 || !keywords) return UNKNOWN;
      if (sep === undefined || sep.kind === 'none') return seq(s.split(/\s+/).filter(Boolean).map(str), false);
      if (sep.kind !== 'string' || sep.value === '') return UNKNOWN;
      return seq(s.split(sep.value).map(str), false);
    }
    default:
      return UNKNOWN;
  }
}
