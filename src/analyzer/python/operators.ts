/** Python operators over abstract values: arithmetic, comparisons, string escapes. */
import { axisSizeArithmetic, axisSizeOf } from '../array-data';
import type { Value } from '../ir';
import { UNKNOWN } from '../ir';
import { dataBinary, pixelBinary } from './data-sources';
import { arrayBinary } from './numpy-arrays';
import type { SyntaxNode } from './syntax-node';
import { MAX_VALUE_ITEMS } from '../value-limits';
import { equal, num, seq, str } from './values';

/** `seq * n` is expanded only for small n (like loops, to keep work bounded). */
const MAX_REPEAT = 256;

/** `l op r` for numbers, strings, sequences, path joins and data arrays; unknown otherwise. */
export function binaryOperation(op: string, l: Value, r: Value): Value {
  if (l.kind === 'number' && r.kind === 'number') {
    const a = l.value;
    const b = r.value;
    switch (op) {
      case '+':
        return num(a + b);
      case '-':
        return num(a - b);
      case '*':
        return num(a * b);
      case '/':
        return b === 0 ? UNKNOWN : { kind: 'number', value: a / b, isInt: false };
      case '//':
        return b === 0 ? UNKNOWN : num(Math.floor(a / b));
      case '%':
        return b === 0 ? UNKNOWN : num(((a % b) + b) % b);
      case '**':
        return num(a ** b);
      default:
        return UNKNOWN;
    }
  }
  if (op === '+' && l.kind === 'string' && r.kind === 'string') return str(l.value + r.value);
  if (op === '+' && l.kind === 'sequence' && r.kind === 'sequence') {
    const joined = seq([...l.items, ...r.items], l.tuple);
    if (joined.kind === 'sequence' && (l.inexact || r.inexact)) joined.inexact = true;
    return joined;
  }
  if (
    op === '*' &&
    l.kind === 'sequence' &&
    r.kind === 'number' &&
    r.value <= MAX_REPEAT &&
    l.items.length * r.value <= MAX_VALUE_ITEMS &&
    !l.inexact
  ) {
    return seq(Array.from({ length: Math.max(0, r.value) }, () => l.items).flat(), l.tuple);
  }
  // Strings cannot be divided: this is a pathlib.Path (kept as its string) joined with `/`.
  if (op === '/' && l.kind === 'string' && r.kind === 'string')
    return str(r.value.startsWith('/') ? r.value : `${l.value.replace(/\/$/, '')}/${r.value}`);
  return (
    dataBinary(op, l, r) ?? pixelBinary(op, l, r) ?? arrayBinary(op, l, r) ?? axisSizeArithmetic(op, l, r) ?? UNKNOWN
  );
}

/** The operator token of a binary, unary, boolean or augmented-assignment node. */
export function operatorOf(node: SyntaxNode): SyntaxNode | undefined {
  return node.children.find((c) => !c.named);
}

/** Marks a value as written literally at `node`, so a fix can edit the definition of a constant. */
export function withOrigin(v: Value, node: SyntaxNode): Value {
  if (v.kind === 'number' || v.kind === 'string') v.origin = { start: node.start, end: node.end };
  return v;
}

/** A comparison when both sides are known enough; null otherwise. */
export function compare(op: string, a: Value, b: Value): boolean | null {
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=': {
      const e = equal(a, b);
      return e === null ? null : !e;
    }
    case 'is':
    case 'is not': {
      if (a.kind === 'unknown' || b.kind === 'unknown' || axisSizeOf(a) || axisSizeOf(b)) return null;
      const same =
        (a.kind === 'none' && b.kind === 'none') || (a.kind === 'bool' && b.kind === 'bool' && a.value === b.value);
      const differ = (a.kind === 'none') !== (b.kind === 'none');
      if (!same && !differ) return null;
      return op === 'is' ? same : !same;
    }
    case 'in':
    case 'not in': {
      if (b.kind !== 'sequence' && b.kind !== 'dict' && b.kind !== 'string') return null;
      let found: boolean | null = false;
      if (b.kind === 'string') {
        if (a.kind !== 'string') return null;
        found = b.value.includes(a.value);
      } else {
        const items = b.kind === 'sequence' ? b.items : [...b.entries.keys()].map(str);
        for (const item of items) {
          const e = equal(a, item);
          if (e === true) {
            found = true;
            break;
          }
          if (e === null) found = null;
        }
      }
      if (found === null) return null;
      return op === 'in' ? found : !found;
    }
    default: {
      if (a.kind !== 'number' || b.kind !== 'number') {
        if (a.kind === 'string' && b.kind === 'string') {
          if (op === '<') return a.value < b.value;
          if (op === '>') return a.value > b.value;
        }
        return null;
      }
      if (op === '<') return a.value < b.value;
      if (op === '<=') return a.value <= b.value;
      if (op === '>') return a.value > b.value;
      if (op === '>=') return a.value >= b.value;
      return null;
    }
  }
}

/** The character a backslash escape in a (non-raw) string literal stands for. */
export function unescapePython(seqText: string): string {
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
    '0': '\0',
    '\n': '',
  };
  const c = seqText.slice(1);
  if (c in simple) return simple[c];
  if (/^x[0-9a-fA-F]{2}$/.test(c) || /^u[0-9a-fA-F]{4}$/.test(c)) return String.fromCharCode(parseInt(c.slice(1), 16));
  return seqText;
}
