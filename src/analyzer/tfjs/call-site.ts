/**
 * Turns a tfjs call (`tf.layers.dense({units: 1})`, `model.fit(xs, ys, {...})`)
 * into an IR CallSite: positional arguments and the keys of the config object,
 * named the Keras way, with spans into the JS source so fixes edit the right text.
 */
import type * as ts from 'typescript';
import { compilerApi } from './syntax';
import type { ArgInfo, CallSite, Span, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { snakeCase } from './names';
import { asObject, type JsObject, type Prop } from './values';

const { K, T } = compilerApi();

interface EvaluatedArg {
  value: Value;
  node: ts.Expression;
  /** Came from `...spread`: its span is the spread, not a value of its own. */
  spread?: boolean;
}

export interface EvaluatedArgs {
  positional: EvaluatedArg[];
  /** A `...x` that could not be expanded: any argument may have been passed. */
  opaqueSpread: boolean;
  /** The written argument expressions (null for fabricated calls). */
  written: readonly ts.Expression[] | null;
  /** The call, for insertion points. */
  call: ts.CallExpression | ts.NewExpression | null;
}

export function emptyArgs(opaque = true): EvaluatedArgs {
  return { positional: [], opaqueSpread: opaque, written: null, call: null };
}

const spans = new WeakMap<ts.Node, Span>();

/** Where a node's text is (without leading comments); cached, since helpers run the same code again. */
export function nodeSpan(node: ts.Node): Span {
  let span = spans.get(node);
  if (!span) spans.set(node, (span = { start: node.getStart(), end: node.end }));
  return { start: span.start, end: span.end };
}

/** True when the expression is a literal written right here, so editing it in place is exact. */
function isLiteralNode(node: ts.Node): boolean {
  if (T.isParenthesizedExpression(node)) return isLiteralNode(node.expression);
  if (T.isStringLiteral(node) || T.isNoSubstitutionTemplateLiteral(node) || T.isNumericLiteral(node)) return true;
  if (node.kind === K.TrueKeyword || node.kind === K.FalseKeyword || node.kind === K.NullKeyword) return true;
  if (T.isPrefixUnaryExpression(node)) return T.isNumericLiteral(node.operand);
  if (T.isArrayLiteralExpression(node)) return node.elements.every(isLiteralNode);
  return false;
}

/** What to delete so that removing item `index` of a comma list leaves valid code. */
function listRemoval(items: readonly ts.Node[], index: number): Span {
  const own = items[index];
  if (index + 1 < items.length) return { start: own.getStart(), end: items[index + 1].getStart() };
  if (index > 0) return { start: items[index - 1].end, end: own.end };
  return nodeSpan(own);
}

/** Where a new `key: value` goes inside an object literal. */
function objectInsertion(literal: ts.ObjectLiteralExpression): CallSite['insert'] {
  const props = literal.properties;
  const close = literal.end - 1;
  if (props.length === 0) return { offset: close, prefix: '', suffix: '' };
  const last = props[props.length - 1];
  if (props.hasTrailingComma) {
    const comma = literal.getSourceFile().text.indexOf(',', last.end);
    return { offset: comma + 1, prefix: ' ', suffix: ',' };
  }
  return { offset: last.end, prefix: ', ', suffix: '' };
}

/** Keras spelling of a few tfjs enum values (`dataFormat: 'channelsLast'`). */
function kerasValue(key: string, value: Value): Value {
  if (key === 'data_format' && value.kind === 'string') return { kind: 'string', value: snakeCase(value.value) };
  return value;
}

export interface BindOptions {
  /** Keras names of the positional parameters before the config object. */
  positional?: readonly string[];
  /** Index of the config object argument; null when the call has none. */
  configIndex?: number | null;
  /** Keras parameters of the callee, so an unreadable config marks them all unknown. */
  signature?: readonly string[];
  /** Keys that tfjs spells differently from snake_case(key), e.g. InputLayer's inputShape → shape. */
  rename?: Readonly<Record<string, string>>;
  /**
   * Keras names the callee knows. A key whose snake_case form is not among them
   * (a tfjs-only option, a typo) is kept as written. Absent: every key is converted.
   */
  known?: ReadonlySet<string>;
}

export class SiteBinder {
  constructor(private readonly text: string) {}

  bind(
    callNode: ts.CallExpression | ts.NewExpression,
    callee: ts.Node,
    args: EvaluatedArgs,
    options: BindOptions = {},
  ): CallSite {
    const positional = options.positional ?? [];
    const configIndex = options.configIndex === undefined ? positional.length : options.configIndex;
    const site: CallSite = {
      span: nodeSpan(callNode),
      calleeSpan: nodeSpan(callee),
      args: new Map(),
      insert: { offset: callNode.end, prefix: '', suffix: '' },
      ...(args.opaqueSpread ? { opaqueSplat: true } : {}),
    };
    const written = args.written ?? [];
    args.positional.forEach((arg, i) => {
      if (i === configIndex) return;
      const name = i < positional.length ? positional[i] : `#${i}`;
      const index = written.indexOf(arg.node);
      site.args.set(name, {
        value: arg.value,
        span: nodeSpan(arg.node),
        removal: index >= 0 ? listRemoval(written, index) : nodeSpan(arg.node),
        literal: !arg.spread && isLiteralNode(arg.node),
        ...(arg.spread ? { fromSplat: true as const } : {}),
      });
    });
    if (configIndex === null) return site;
    const config = args.positional[configIndex];
    // Rules read a missing argument as its default: under an unreadable config every parameter is unknown instead.
    const markAllUnknown = (except: Set<string>) => {
      site.opaqueSplat = true;
      for (const p of options.signature ?? []) {
        if (except.has(p) || site.args.has(p)) continue;
        const at = config ? nodeSpan(config.node) : site.span;
        site.args.set(p, { value: UNKNOWN, span: at, removal: at, literal: false, fromSplat: true });
      }
    };
    if (!config) {
      if (args.opaqueSpread) markAllUnknown(new Set());
      else site.insert = this.newConfigInsertion(callNode, written);
      return site;
    }
    const object = asObject(config.value);
    if (!object || config.spread) {
      if (config.value.kind !== 'none') markAllUnknown(new Set());
      return site;
    }
    const seen = new Set<string>();
    for (const [key, prop] of object.props) {
      const snake = snakeCase(key);
      const name = options.rename?.[key] ?? (!options.known || options.known.has(snake) ? snake : key);
      seen.add(name);
      site.args.set(name, this.propArg(object, prop, name));
    }
    if (!object.exact) markAllUnknown(seen);
    if (object.literal) site.insert = objectInsertion(object.literal);
    return site;
  }

  private propArg(object: JsObject, prop: Prop, name: string): ArgInfo {
    const value = kerasValue(name, prop.value);
    if (prop.noText || !prop.valueNode || !prop.propNode) {
      const at = nodeSpan(prop.at ?? prop.valueNode ?? object.literal!);
      return { value, span: at, removal: at, literal: false, fromSplat: true };
    }
    const siblings: readonly ts.ObjectLiteralElementLike[] = object.literal?.properties ?? [];
    const index = siblings.indexOf(prop.propNode as ts.ObjectLiteralElementLike);
    return {
      value,
      span: nodeSpan(prop.valueNode),
      removal: index >= 0 ? listRemoval(siblings, index) : nodeSpan(prop.propNode),
      literal: isLiteralNode(prop.valueNode),
    };
  }

  /** A call written without its config object: a new `{...}` goes after the other arguments. */
  private newConfigInsertion(
    callNode: ts.CallExpression | ts.NewExpression,
    written: readonly ts.Expression[],
  ): CallSite['insert'] {
    const list = callNode.arguments;
    if (!list) return { offset: callNode.end, prefix: '(', suffix: ')' };
    if (written.length === 0) {
      // `f()` / `f(\n)`: insert before the closing parenthesis.
      const close = this.text.lastIndexOf(')', callNode.end - 1);
      return { offset: close >= 0 ? close : callNode.end, prefix: '{', suffix: '}' };
    }
    const last = written[written.length - 1];
    return { offset: last.end, prefix: ', {', suffix: '}' };
  }
}
