/**
 * Python's string methods that class lists and names are worked out with:
 * `"cat dog horse".split()`, `name.lower()`, `",".join(tags)`. Each gives what
 * Python gives when every argument is known, else unknown. (Numbers: math-module.ts;
 * dicts: the interpreter.)
 */
import type { Value } from '../ir';
import { UNKNOWN } from '../ir';
import type { EvaluatedArgs } from './call-site';
import { seq, str } from './values';

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
