/** Interpreter-private values and small helpers over abstract values. */
import { axisSizeOf } from '../array-data';
import type { CallSite, DataSource, LabelInfo, ModelIR, Span, Value } from '../ir';
import type { PixelData } from '../pixel-data';
import { UNKNOWN } from '../ir';
import { MAX_STRING_LENGTH, MAX_VALUE_ITEMS, tooManyItems } from '../value-limits';
import type { DatasetElement } from './dataset-elements';
import type { SyntaxNode } from './syntax-node';
import type { EvaluatedArgs } from './call-site';

export class Scope {
  readonly vars = new Map<string, Value>();
  /** Names declared `global` in a function scope. */
  readonly globals = new Set<string>();
  constructor(
    readonly parent: Scope | null,
    readonly kind: 'module' | 'function' | 'class',
    /** Depth of the frame that created it (the flow engine drops a returning path's writes to its own frame's scopes). */
    readonly depth: number,
  ) {}

  lookup(name: string): Value | undefined {
    // Class bodies are not enclosing scopes for the methods defined in them (Python semantics).
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s !== this && s.kind === 'class') continue;
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

export interface FunctionData {
  node: SyntaxNode;
  name: string;
  closure: Scope;
  /** The class whose body defined it (for methods). */
  owner?: ClassData;
}

export interface ClassData {
  node: SyntaxNode;
  name: string;
  scope: Scope;
  bases: Value[];
  /** Subclasses keras.Model (directly or through user classes). */
  kerasModel: boolean;
  /** Subclasses keras.layers.Layer. */
  kerasLayer: boolean;
  /**
   * The built-in Keras layer it extends (`Conv2D`), directly or through user
   * classes, when that class computes its own output shape
   * (keras/subclassed-layers.ts).
   */
  kerasBase?: string;
  /** Subclasses keras.utils.Sequence / PyDataset: Keras reads its batches with `__getitem__`. */
  kerasBatches: boolean;
}

export interface InstanceData {
  cls: ClassData;
  attrs: Map<string, Value>;
  /** The IR of a subclassed keras.Model instance. */
  model?: ModelIR;
  /** A custom layer whose `build(input_shape)` has run (Keras runs it once, at the first call). */
  built?: boolean;
  /** A custom layer that read `self.add_weight`: it has weights of its own. */
  ownWeights?: boolean;
  /** The sizes of the weights its `add_weight` calls made so far; null once one is unknown. */
  weights?: { trainable: number; nonTrainable: number } | null;
  /** A subclass of a built-in layer (ClassData.kerasBase): the arguments its `super().__init__(...)` passed. */
  baseInit?: { args: EvaluatedArgs; node: SyntaxNode; callee: SyntaxNode };
}

/** A framework method read off a value: `model.add`, `y.astype`, `ds.map`… */
export interface MethodData {
  receiver: Value;
  name: string;
  receiverNode: SyntaxNode;
}

/** A tf.data dataset, a directory iterator or a generator: what it yields as labels. */
export interface DatasetData {
  labels: LabelInfo | null;
  origin: Span;
  /** The files it reads, when named literally. */
  source?: DataSource;
  /** The images it yields are pixel values (data-sources.ts), and the generator that could rescale them. */
  pixels?: { data: PixelData; generator?: CallSite };
  /** What each element holds, shapes included (dataset-elements.ts), when known. */
  element?: DatasetElement;
}

type Opaque<T> = { kind: 'opaque'; tag: string; data: T };

export function fn(data: FunctionData): Value {
  return { kind: 'callable', name: data.name, internal: data };
}

export function asFunction(v: Value): FunctionData | null {
  if (v.kind !== 'callable') return null;
  const data = v.internal as FunctionData | ClassData | undefined;
  return data && 'closure' in data ? data : null;
}

export function asClass(v: Value): ClassData | null {
  if (v.kind !== 'callable') return null;
  const data = v.internal as FunctionData | ClassData | undefined;
  return data && 'bases' in data ? data : null;
}

export function opaque<T>(tag: string, data: T): Value {
  return { kind: 'opaque', tag, data } as Opaque<T>;
}

export function opaqueData<T>(v: Value, tag: string): T | null {
  return v.kind === 'opaque' && v.tag === tag ? (v.data as T) : null;
}

export function num(value: number): Value {
  return { kind: 'number', value, isInt: Number.isInteger(value) };
}

/** A string value; unknown past {@link MAX_STRING_LENGTH} (built by doubling, say). */
export function str(value: string): Value {
  return value.length > MAX_STRING_LENGTH ? UNKNOWN : { kind: 'string', value };
}

/** A sequence value; unknown past {@link MAX_VALUE_ITEMS} items, nested ones included. */
export function seq(items: Value[], tuple: boolean): Value {
  return tooManyItems(items) ? UNKNOWN : { kind: 'sequence', items, tuple };
}

export function labelsValue(labels: LabelInfo, source?: DataSource): Value {
  return source ? { kind: 'labels', labels, source } : { kind: 'labels', labels };
}

/** Python truthiness when it is knowable. */
export function truthy(v: Value): boolean | null {
  switch (v.kind) {
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'number':
      return v.value !== 0;
    case 'string':
      return v.value.length > 0;
    case 'sequence':
      return v.items.length > 0;
    case 'dict':
      return v.entries.size > 0;
    case 'layer':
    case 'model':
    case 'callable':
    case 'ref':
    case 'object':
      return true;
    default:
      return null;
  }
}

/** Equality when knowable (primitives and literal sequences only). */
export function equal(a: Value, b: Value): boolean | null {
  if (a === b) return true;
  // A size known when the model runs (tf.shape(x)[1]) may be None in a graph Keras builds: unknown.
  if (a.kind === 'unknown' || b.kind === 'unknown' || axisSizeOf(a) || axisSizeOf(b)) return null;
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  if ((a.kind === 'number' || a.kind === 'bool') && (b.kind === 'number' || b.kind === 'bool')) {
    return Number(a.value) === Number(b.value);
  }
  if (a.kind === 'string' && b.kind === 'string') return a.value === b.value;
  if (a.kind === 'sequence' && b.kind === 'sequence') {
    if (a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) {
      const e = equal(a.items[i], b.items[i]);
      if (e !== true) return e;
    }
    return true;
  }
  if (a.kind !== b.kind) {
    const primitive = new Set(['number', 'bool', 'string', 'sequence', 'dict']);
    if (primitive.has(a.kind) && primitive.has(b.kind)) return false;
  }
  return null;
}

/** A generator object: `item` joins everything its function yields. */
export function generator(item: Value): Value {
  return opaque('generator', { item });
}

/** What a generator hands out; null for any other value. */
export function generatorItem(v: Value): Value | null {
  return opaqueData<{ item: Value }>(v, 'generator')?.item ?? null;
}

/**
 * What iterating a tf.data dataset hands out (`next(iter(ds))`, `for x, y in ds`):
 * its element, when the analyzer knows what it holds; null for any other value.
 */
export function datasetItem(v: Value): Value | null {
  return opaqueData<DatasetData>(v, 'dataset')?.element?.value ?? null;
}
