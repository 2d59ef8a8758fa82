/** The Python builtins the interpreter evaluates when their arguments are known (range, len, min…). */
import type { Value } from '../ir';
import { UNKNOWN } from '../ir';
import type { EvaluatedArgs } from './call-site';
import { pixelLength } from './data-sources';
import { arrayLength } from './numpy-arrays';
import { datasetItem, generatorItem, num, opaque, opaqueData, seq, str, truthy } from './values';

const MAX_RANGE = 10_000;

export const BUILTINS = new Set([
  'range',
  'len',
  'bool',
  'int',
  'float',
  'str',
  'list',
  'tuple',
  'dict',
  'min',
  'max',
  'abs',
  'round',
  'sum',
  'enumerate',
  'reversed',
  'zip',
  'print',
  'set',
  'frozenset',
  'super',
  'sorted',
  'next',
  'iter',
]);

/**
 * A set of primitives: its members are known, their iteration order is not
 * (string hashing is randomised). Null members: the program may have changed
 * it (`s.add(c)` in a loop), see {@link forgetSetMembers}.
 */
interface SetData {
  members: Value[] | null;
}

/** Any method read off a set (`add`, `update`, `discard`…) may change it: its members become unknown. */
export function forgetSetMembers(v: Value): boolean {
  const set = opaqueData<SetData>(v, 'set');
  if (set) set.members = null;
  return set !== null;
}

/** Sort/dedupe key of a primitive value, or null for anything else. */
function primitiveKey(v: Value): string | null {
  if (v.kind === 'string') return `s${v.value}`;
  // Python's 1 == 1.0 == True: one member.
  if (v.kind === 'number') return `n${v.value}`;
  if (v.kind === 'bool') return `n${Number(v.value)}`;
  if (v.kind === 'none') return 'none';
  return null;
}

/** Python's sorted() order for all-number or all-string items; null for mixed or other items. */
function sortedItems(items: Value[]): Value[] | null {
  if (items.every((v) => v.kind === 'number' || v.kind === 'bool'))
    return [...items].sort((a, b) => Number((a as { value: number }).value) - Number((b as { value: number }).value));
  if (!items.every((v) => v.kind === 'string')) return null;
  const strings = items as { kind: 'string'; value: string }[];
  // UTF-16 order is code point order outside the astral planes.
  if (strings.some((v) => /[\uD800-\uDFFF]/.test(v.value))) return null;
  return [...strings].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** Evaluates builtin `name`; unknown when an argument is. `iterate` lists an iterable's items. */
export function callBuiltin(name: string, args: EvaluatedArgs, iterate: (v: Value) => Value[] | null): Value {
  const a = args.positional.map((p) => p.value);
  switch (name) {
    case 'range': {
      const n = a.map((v) => (v.kind === 'number' && v.isInt ? v.value : null));
      if (n.length === 0 || n.some((v) => v === null)) return UNKNOWN;
      const [start, stop, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? 1];
      if (step === 0) return UNKNOWN;
      const count = Math.max(0, Math.ceil((stop - start) / step));
      if (count > MAX_RANGE) return UNKNOWN;
      return seq(
        Array.from({ length: count }, (_, i) => num(start + i * step)),
        false,
      );
    }
    case 'len': {
      const v = a[0];
      if (v?.kind === 'sequence') return v.inexact ? UNKNOWN : num(v.items.length);
      if (v?.kind === 'string') return num(v.value.length);
      if (v?.kind === 'dict') return num(v.entries.size);
      const set = v && opaqueData<SetData>(v, 'set');
      if (set) return set.members ? num(set.members.length) : UNKNOWN;
      return (v && (pixelLength(v) ?? arrayLength(v))) ?? UNKNOWN;
    }
    case 'int':
    case 'float': {
      const v = a[0];
      if (v?.kind === 'number') return num(name === 'int' ? Math.trunc(v.value) : v.value);
      // `3 - int(global_query)`: a bool is the number 1 or 0.
      if (v?.kind === 'bool' && a.length === 1) return num(v.value ? 1 : 0);
      if (v?.kind === 'string' && v.value.trim() !== '' && Number.isFinite(Number(v.value))) {
        return num(name === 'int' ? Math.trunc(Number(v.value)) : Number(v.value));
      }
      return UNKNOWN;
    }
    case 'bool': {
      // `global_query=bool(i % 2)`: Python's truthiness where it is known.
      const t = a.length === 0 ? false : truthy(a[0]);
      return t === null || a.length > 1 ? UNKNOWN : { kind: 'bool', value: t };
    }
    case 'str': {
      const v = a[0];
      if (v?.kind === 'string') return v;
      if (v?.kind === 'number') return str(String(v.value));
      return UNKNOWN;
    }
    case 'list':
    case 'tuple': {
      if (a.length === 0) return seq([], name === 'tuple');
      // `list(set(words))`: the same members, still in an order nobody knows.
      const set = opaqueData<SetData>(a[0], 'set');
      if (set) return set.members ? opaque<SetData>('set', { members: [...set.members] }) : UNKNOWN;
      const items = iterate(a[0]);
      return items ? seq([...items], name === 'tuple') : UNKNOWN;
    }
    case 'dict': {
      const entries = new Map<string, Value>();
      if (a[0]?.kind === 'dict') for (const [k, v] of a[0].entries) entries.set(k, v);
      else if (a.length > 0 || args.opaqueSplat) return UNKNOWN;
      for (const [k, v] of args.keyword) entries.set(k, v.value);
      return { kind: 'dict', entries };
    }
    case 'min':
    case 'max':
    case 'abs':
    case 'round':
    case 'sum': {
      const values = a.length === 1 ? (iterate(a[0]) ?? [a[0]]) : a;
      const nums = values.map((v) => (v.kind === 'number' ? v.value : null));
      if (nums.length === 0 || nums.some((v) => v === null)) return UNKNOWN;
      const ns = nums as number[];
      if (name === 'min') return num(Math.min(...ns));
      if (name === 'max') return num(Math.max(...ns));
      if (name === 'sum') return num(ns.reduce((x, y) => x + y, 0));
      if (name === 'abs') return num(Math.abs(ns[0]));
      return num(Math.round(ns[0]));
    }
    case 'enumerate': {
      const items = a[0] ? iterate(a[0]) : null;
      return items
        ? seq(
            items.map((v, i) => seq([num(i), v], true)),
            false,
          )
        : UNKNOWN;
    }
    case 'reversed': {
      const items = a[0] ? iterate(a[0]) : null;
      return items ? seq([...items].reverse(), false) : UNKNOWN;
    }
    case 'zip': {
      const lists = a.map((v) => iterate(v));
      if (lists.length === 0 || lists.some((l) => !l)) return UNKNOWN;
      const n = Math.min(...lists.map((l) => l!.length));
      return seq(
        Array.from({ length: n }, (_, i) =>
          seq(
            lists.map((l) => l![i]),
            true,
          ),
        ),
        false,
      );
    }
    case 'set':
    case 'frozenset': {
      const items = a.length === 0 ? [] : a.length === 1 ? iterate(a[0]) : null;
      if (!items || args.keyword.size > 0 || args.opaqueSplat) return UNKNOWN;
      const members = new Map<string, Value>();
      for (const item of items) {
        const key = primitiveKey(item);
        if (key === null) return UNKNOWN;
        if (!members.has(key)) members.set(key, item);
      }
      return opaque<SetData>('set', { members: [...members.values()] });
    }
    case 'sorted': {
      const set = a[0] && opaqueData<SetData>(a[0], 'set');
      const items = set ? set.members : a[0] ? iterate(a[0]) : null;
      if (set && !set.members) return UNKNOWN;
      const reverse = args.keyword.get('reverse')?.value;
      const known = [...args.keyword.keys()].every((k) => k === 'reverse');
      if (!items || a.length !== 1 || !known || args.opaqueSplat) return UNKNOWN;
      if (reverse && reverse.kind !== 'bool') return UNKNOWN;
      const sorted = sortedItems(items);
      if (!sorted) return UNKNOWN;
      return seq(reverse?.value ? sorted.reverse() : sorted, false);
    }
    case 'print':
      return { kind: 'none' };
    case 'iter':
      return a[0] && (generatorItem(a[0]) || datasetItem(a[0])) ? a[0] : UNKNOWN;
    case 'next':
      return (a[0] && (generatorItem(a[0]) ?? datasetItem(a[0]))) ?? UNKNOWN;
    default:
      return UNKNOWN;
  }
}
