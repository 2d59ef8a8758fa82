/**
 * Python's math module, and NumPy's functions of one number, on numbers the
 * analyzer knows: the scale factors model code computes
 * (`math.log(10000) / (half_dim - 1)`, `1 / np.sqrt(key_dim)`, `math.pi`).
 * Anything else (an array, an unknown number) is not this module's business.
 */
import type { Value } from '../ir';
import type { EvaluatedArgs } from './call-site';

const UNARY: Record<string, (x: number) => number> = {
  sqrt: Math.sqrt,
  exp: Math.exp,
  log2: Math.log2,
  log10: Math.log10,
  log1p: Math.log1p,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  fabs: Math.abs,
  abs: Math.abs,
};

/** Functions whose result Python gives as an int. */
const INTEGRAL: Record<string, (x: number) => number> = { floor: Math.floor, ceil: Math.ceil, trunc: Math.trunc };

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E, tau: 2 * Math.PI };

function number(value: number, isInt = false): Value | null {
  return Number.isFinite(value) ? { kind: 'number', value, isInt } : null;
}

function isMathPath(path: string): boolean {
  return path.startsWith('math.') || path.startsWith('np.');
}

/** `math.pi`, `np.pi`, `math.e`: the number; null for any other path. */
export function mathConstant(path: string): Value | null {
  // Asked of every dotted name the interpreter evaluates: no split for the rest.
  if (!isMathPath(path)) return null;
  const [, name, ...rest] = path.split('.');
  if (rest.length > 0 || !Object.hasOwn(CONSTANTS, name)) return null;
  return number(CONSTANTS[name]);
}

/** `math.log(10000)`, `math.sqrt(d)`, `np.sqrt(64)`, `math.ceil(n / 2)`: the number; null when not one of these on known numbers. */
export function mathCall(path: string, args: EvaluatedArgs): Value | null {
  if (!isMathPath(path)) return null;
  const [module, name, ...rest] = path.split('.');
  if (rest.length > 0 || args.keyword.size > 0 || args.opaqueSplat) return null;
  const xs = args.positional.map((a) => a.value);
  if (xs.length === 0 || xs.some((x) => x.kind !== 'number')) return null;
  const [x, y] = xs.map((v) => (v as { value: number }).value);
  if (name === 'log') {
    // math.log(x, base); NumPy's log takes one number.
    if (xs.length === 1) return number(Math.log(x));
    return module === 'math' && xs.length === 2 ? number(Math.log(x) / Math.log(y)) : null;
  }
  if (xs.length === 2 && (name === 'pow' || name === 'power')) return number(x ** y);
  if (xs.length !== 1) return null;
  if (Object.hasOwn(UNARY, name)) return number(UNARY[name](x));
  // NumPy's scalar types: np.float32(d_model) is the number (an int type truncates it).
  if (module === 'np' && /^float(16|32|64)$/.test(name)) return number(x);
  if (module === 'np' && /^u?int(8|16|32|64)$/.test(name)) return number(Math.trunc(x), true);
  // math.floor/ceil give ints; NumPy's give floats.
  if (Object.hasOwn(INTEGRAL, name)) return number(INTEGRAL[name](x), module === 'math');
  return null;
}

/** Products of a list of numbers, in each library's spelling. */
const PRODUCTS = new Set(['math.prod', 'np.prod', 'tf.reduce_prod', 'tf.math.reduce_prod', 'keras.ops.prod']);

/**
 * `tf.math.reduce_prod(feature_shape)`, `np.prod((9, 5))`: the number of
 * values in a shape the code spells out, as Dense units before a Reshape. Null
 * for anything but a product of a list of known integers.
 */
export function productCall(path: string, args: EvaluatedArgs): Value | null {
  if (!PRODUCTS.has(path) || args.positional.length !== 1 || args.keyword.size > 0 || args.opaqueSplat) return null;
  const list = args.positional[0].value;
  if (list.kind !== 'sequence' || list.inexact || list.items.length === 0) return null;
  let product = 1;
  for (const item of list.items) {
    if (item.kind !== 'number' || !item.isInt) return null;
    product *= item.value;
  }
  return number(product, true);
}
