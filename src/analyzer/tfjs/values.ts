/** The JavaScript interpreter's private values and small helpers over abstract values. */
import type * as ts from 'typescript';
import { mergeValues } from '../engine/merge';
import type { LabelInfo, Span, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { MAX_STRING_LENGTH, MAX_VALUE_ITEMS, tooManyItems } from '../value-limits';

export type VarKind = 'var' | 'let' | 'const' | 'function' | 'class' | 'param' | 'import';

export class Scope {
  readonly vars = new Map<string, Value>();
  constructor(
    readonly parent: Scope | null,
    /** `function` scopes hold `var`s; `block` scopes only `let`/`const`/classes. */
    readonly kind: 'module' | 'function' | 'block',
    /** Depth of the frame that created it (the flow engine drops a returning path's writes to its own frame's scopes). */
    readonly depth: number,
  ) {}

  /** The scope that holds `name`, if any. */
  owner(name: string): Scope | null {
    for (let s: Scope | null = this; s; s = s.parent) if (s.vars.has(name)) return s;
    return null;
  }

  lookup(name: string): Value | undefined {
    return this.owner(name)?.vars.get(name);
  }

  /** Where `var` declarations go. */
  functionScope(): Scope {
    let s: Scope = this;
    while (s.kind === 'block' && s.parent) s = s.parent;
    return s;
  }
}

export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration;

export interface FunctionData {
  node: FunctionNode;
  /** The name JavaScript gives the function (`const f = () => …` is named `f`); '' when anonymous. */
  name: string;
  closure: Scope;
  /** Arrow functions keep the `this` of the code that created them. */
  lexicalThis?: Value;
  /** The class whose body defines it (methods, constructors). */
  owner?: ClassData;
}

export interface ClassData {
  node: ts.ClassDeclaration | ts.ClassExpression;
  name: string;
  closure: Scope;
  base: Value | null;
  methods: Map<string, FunctionData>;
  statics: Map<string, Value>;
  getters: Map<string, FunctionData>;
  ctor: FunctionData | null;
  /** Extends `tf.layers.Layer` (directly or through user classes): instances are custom layers. */
  customLayer: boolean;
}

export interface InstanceData {
  cls: ClassData;
  attrs: Map<string, Value>;
}

/** One property of an object as written: where its value text is, for fixes. */
export interface Prop {
  value: Value;
  /** The value expression (for `{a}` shorthand, the name). */
  valueNode: ts.Node | null;
  /** The whole property, for removal. */
  propNode: ts.Node | null;
  /** Came through `...spread` (or a shorthand): there is no value text of its own to edit. */
  noText: boolean;
  /** The node to point at when there is no value text (the spread element). */
  at: ts.Node | null;
}

export interface JsObject {
  props: Map<string, Prop>;
  /** The object literal that created it (where new properties are inserted). */
  literal: ts.ObjectLiteralExpression | null;
  /** False when keys we cannot see may exist (an unknown spread, a computed key). */
  exact: boolean;
}

/** A framework method read off a value: `model.add`, `ys.toFloat`, `ds.batch`… */
export interface MethodData {
  receiver: Value;
  name: string;
  receiverNode: ts.Node;
}

/** A concrete tensor (`tf.tensor2d(...)`): what is known of its shape, dtype and data. */
export interface TensorData {
  shape: (number | null)[] | null;
  /** The element type now (casts change it). */
  dtype: string | null;
  /** The element type it was made with: `int32` data is class ids, whatever it is cast to later. */
  madeAs: string | null;
  /** The literal data when written in the source. */
  data: Value | null;
  origin: Span;
  /** The call that made it, for messages (`tf.tensor2d`). */
  maker: string;
}

/** A tf.data dataset: what it yields as labels (the `ys` of `{xs, ys}` elements). */
export interface DatasetData {
  labels: Value | null;
}

type Opaque<T> = { kind: 'opaque'; tag: string; data: T };

export function opaque<T>(tag: string, data: T): Value {
  return { kind: 'opaque', tag, data } as Opaque<T>;
}

export function opaqueData<T>(v: Value, tag: string): T | null {
  return v.kind === 'opaque' && v.tag === tag ? (v.data as T) : null;
}

export function fnValue(data: FunctionData): Value {
  return { kind: 'callable', name: data.name, internal: data };
}

export function classValue(data: ClassData): Value {
  return { kind: 'callable', name: data.name, internal: data };
}

export function asFunction(v: Value): FunctionData | null {
  if (v.kind !== 'callable') return null;
  const d = v.internal as FunctionData | ClassData | undefined;
  return d && 'closure' in d && !('methods' in d) ? (d as FunctionData) : null;
}

export function asClass(v: Value): ClassData | null {
  if (v.kind !== 'callable') return null;
  const d = v.internal as FunctionData | ClassData | undefined;
  return d && 'methods' in d ? d : null;
}

export function asObject(v: Value): JsObject | null {
  return opaqueData<JsObject>(v, 'object');
}

export function newObject(literal: ts.ObjectLiteralExpression | null): JsObject {
  return { props: new Map(), literal, exact: true };
}

export function num(value: number): Value {
  return { kind: 'number', value, isInt: Number.isInteger(value) };
}

/** A string value; unknown past {@link MAX_STRING_LENGTH} (built by doubling, say). */
export function str(value: string): Value {
  return value.length > MAX_STRING_LENGTH ? UNKNOWN : { kind: 'string', value };
}

export function bool(value: boolean): Value {
  return { kind: 'bool', value };
}

export const NONE: Value = Object.freeze({ kind: 'none' }) as Value;

/** An array value; unknown past {@link MAX_VALUE_ITEMS} items, nested ones included. */
export function seq(items: Value[]): Value {
  return tooManyItems(items) ? UNKNOWN : { kind: 'sequence', items, tuple: false };
}

export function labelsValue(labels: LabelInfo): Value {
  return { kind: 'labels', labels };
}

/** JavaScript truthiness when it is knowable. */
export function truthy(v: Value): boolean | null {
  switch (v.kind) {
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'number':
      return v.value !== 0 && !Number.isNaN(v.value);
    case 'string':
      return v.value.length > 0;
    case 'sequence':
    case 'dict':
    case 'layer':
    case 'model':
    case 'tensor':
    case 'callable':
    case 'ref':
    case 'object':
    case 'labels':
      return true;
    case 'opaque':
      return v.tag === 'object' || v.tag === 'instance' ? true : null;
    default:
      return null;
  }
}

/** Strict equality when knowable (primitives only; objects by identity). */
export function strictEqual(a: Value, b: Value): boolean | null {
  if (a === b) return true;
  if (a.kind === 'unknown' || b.kind === 'unknown') return null;
  const primitive = (v: Value) => v.kind === 'none' || v.kind === 'bool' || v.kind === 'number' || v.kind === 'string';
  if (primitive(a) && primitive(b)) {
    if (a.kind !== b.kind) return false;
    if (a.kind === 'none') return true;
    return (a as { value: unknown }).value === (b as { value: unknown }).value;
  }
  if (primitive(a) !== primitive(b)) return false;
  return null;
}

/**
 * One property after paths that wrote it differently (`cfg.units = …` in one
 * arm of an `if`): the join of the values; a property some path did not set
 * reads as `undefined` there. When the paths wrote different text, no text is
 * the one to edit.
 */
export function joinProps(props: (Prop | undefined)[]): Prop | undefined {
  const present = props.filter((p): p is Prop => p !== undefined);
  if (present.length === 0) return undefined;
  const first = present[0];
  if (present.length === props.length && present.every((p) => p === first)) return first;
  const value = mergeValues(props.map((p) => p?.value ?? NONE));
  const sameText = present.length === props.length && present.every((p) => p.valueNode === first.valueNode);
  return sameText ? { ...first, value } : { ...first, value, noText: true };
}
