/**
 * Framework calls by canonical name, for both languages: the extension point
 * for what a call to `keras.layers.add`, `tf.concat` or `keras.Sequential`
 * builds. A front end resolves the callee to its canonical dotted name
 * (`keras.layers.Dense` whatever the import spelling; `tf.sequential` in
 * TensorFlow.js), asks the table first, and falls back to its own semantics
 * when no handler takes the call. Tensor arithmetic (`x + inputs`) goes through
 * the operator handlers the same way.
 */
import type { CallSite, Language, Span, Value } from '../ir';
import type { ModelConstruction } from './models';

/** Parameter names to bind a call's arguments to, the way Keras names them. */
interface CallSpec {
  /** Parameters passed by position (in TensorFlow.js: before the config object). */
  positional?: readonly string[];
  /** Parameters passed by name (in Python also by position, after `positional`; in TensorFlow.js: config keys). */
  keywords?: readonly string[];
}

/** One call of a framework function, as both front ends present it. */
export interface FrameworkCall {
  /** Canonical name of the callee: `keras.layers.Dense`, `keras.Sequential`, `tf.sequential`, `tf.concat`. */
  readonly path: string;
  readonly language: Language;
  /** Values passed by position (expanded splats included). */
  readonly positional: readonly Value[];
  /** A `*args` / `**config` / `...spread` that could not be expanded: any parameter may have been passed. */
  readonly opaqueArgs: boolean;
  /** The whole call expression. */
  readonly span: Span;
  /** Binds the arguments to Keras parameter names, with spans fixes can edit. */
  bind(spec: CallSpec): CallSite;
  readonly build: ModelConstruction;
}

/** What a call returns, or undefined to let the front end's own semantics handle it. */
export type CallHandler = (call: FrameworkCall) => Value | undefined;

/** A binary operator (`+ - * / @ ** %`) with a tensor on at least one side. */
export interface OperatorCall {
  readonly op: string;
  readonly left: Value;
  readonly right: Value;
  readonly language: Language;
  readonly span: Span;
  readonly build: ModelConstruction;
}

export type OperatorHandler = (call: OperatorCall) => Value | undefined;

export class CallTable {
  private readonly exact = new Map<string, CallHandler>();
  private readonly prefixes: [string, CallHandler][] = [];
  private readonly operators: OperatorHandler[] = [];

  /** Handles calls to exactly `path` (a canonical name). */
  on(path: string, handler: CallHandler): this {
    this.exact.set(path, handler);
    return this;
  }

  /** Handles calls to every name under `prefix` (`keras.ops.`), after exact names; longer prefixes first. */
  onPrefix(prefix: string, handler: CallHandler): this {
    this.prefixes.push([prefix, handler]);
    this.prefixes.sort((a, b) => b[0].length - a[0].length);
    return this;
  }

  /** Handles binary operators with a tensor operand. */
  onOperator(handler: OperatorHandler): this {
    this.operators.push(handler);
    return this;
  }

  /** True when some handler may take calls to `path` (front ends skip building a FrameworkCall otherwise). */
  handles(path: string): boolean {
    if (this.exact.has(path)) return true;
    for (const [prefix] of this.prefixes) if (path.startsWith(prefix)) return true;
    return false;
  }

  /** What the call builds, or undefined when no handler takes it. */
  call(call: FrameworkCall): Value | undefined {
    const handler = this.exact.get(call.path);
    if (handler) {
      const result = handler(call);
      if (result !== undefined) return result;
    }
    for (const [prefix, h] of this.prefixes) {
      if (!call.path.startsWith(prefix)) continue;
      const result = h(call);
      if (result !== undefined) return result;
    }
    return undefined;
  }

  /** What the operator gives, or undefined when no handler takes it. */
  operator(call: OperatorCall): Value | undefined {
    for (const h of this.operators) {
      const result = h(call);
      if (result !== undefined) return result;
    }
    return undefined;
  }
}
