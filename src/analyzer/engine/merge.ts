/**
 * The join of values reaching one point along different paths (arms of a
 * branch nobody can decide, the `return`s of a function): a value survives only
 * when every path brings the same abstract value, else it is unknown.
 *
 * "The same" is about what the analyzer knows, not about the language's `==`:
 * two references to `keras.layers.Dense` (imported in both arms of a `try`) are
 * the same; `1` and `True` are not; a layer is the same only as itself.
 */
import { UNKNOWN, type Value } from '../ir';

/** Deeper nesting than this in literal sequences/dicts is compared by identity only. */
const MAX_DEPTH = 8;

function sameValue(a: Value, b: Value, depth = 0): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || depth > MAX_DEPTH) return false;
  switch (a.kind) {
    case 'none':
      return true;
    case 'bool':
    case 'string':
      return a.value === (b as typeof a).value;
    case 'number': {
      const n = b as typeof a;
      return a.value === n.value && a.isInt === n.isInt;
    }
    case 'ref':
      return a.path === (b as typeof a).path;
    case 'layer':
      return a.layer === (b as typeof a).layer;
    case 'tensor':
      return a.node === (b as typeof a).node;
    case 'model':
      return a.model === (b as typeof a).model;
    case 'callable':
      return a.internal !== undefined && a.internal === (b as typeof a).internal;
    case 'sequence': {
      const s = b as typeof a;
      if (a.tuple !== s.tuple || a.items.length !== s.items.length || !!a.inexact !== !!s.inexact) return false;
      for (let i = 0; i < a.items.length; i++) if (!sameValue(a.items[i], s.items[i], depth + 1)) return false;
      return true;
    }
    case 'dict': {
      const d = b as typeof a;
      if (a.entries.size !== d.entries.size) return false;
      for (const [k, v] of a.entries) {
        const other = d.entries.get(k);
        if (!other || !sameValue(v, other, depth + 1)) return false;
      }
      return true;
    }
    case 'opaque':
      return a.tag === (b as typeof a).tag && a.data !== undefined && a.data === (b as typeof a).data;
    default:
      // unknown, labels, objects: only identical values are the same.
      return false;
  }
}

/**
 * One value for all paths. A constant written in two places keeps neither
 * place: a fix must not edit one definition and leave the other.
 *
 * Tensors are the exception that keeps model graphs connected: when the paths
 * hold different tensors and some were built on a path that may not run
 * (`x = block(x)` in a loop nobody can count, `residual = Conv2D(...)(x)` in one
 * arm), the newest of those stands for them all. Its layers are marked
 * conditional, so rules do not trust any shape computed through it, but the
 * layers before and after it stay in the model.
 */
export function mergeValues(values: readonly Value[]): Value {
  if (values.length === 0) return UNKNOWN;
  const first = values[0];
  let differentOrigin = false;
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    if (v === first) continue;
    if (!sameValue(v, first)) return mergeTensors(values);
    if (originOf(v) !== originOf(first)) differentOrigin = true;
  }
  if (differentOrigin && (first.kind === 'number' || first.kind === 'string')) {
    const { origin: _dropped, ...rest } = first;
    void _dropped;
    return rest as Value;
  }
  return first;
}

function mergeTensors(values: readonly Value[]): Value {
  let newest: Extract<Value, { kind: 'tensor' }> | null = null;
  for (const v of values) {
    if (v.kind !== 'tensor') return UNKNOWN;
    if (v.node.conditional && (!newest || v.node.id > newest.node.id)) newest = v;
  }
  if (!newest) return UNKNOWN;
  // The others it stands for: shape inference keeps its shape only where they all agree.
  const node = newest.node;
  for (const v of values) {
    const other = (v as typeof newest).node;
    if (other === node) continue;
    node.joined ??= [];
    if (node.joined.length < MAX_JOINED && !node.joined.includes(other)) node.joined.push(other);
  }
  return newest;
}

/** Alternatives kept per tensor; past this many a join is no longer checked for agreement, its shape is unknown. */
export const MAX_JOINED = 64;

function originOf(v: Value): string | undefined {
  return (v.kind === 'number' || v.kind === 'string') && v.origin ? `${v.origin.start}:${v.origin.end}` : undefined;
}
