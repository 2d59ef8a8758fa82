/** Binds evaluated call arguments to parameter names and records the spans fixes need. */
import type { ArgInfo, CallSite, Span, Value } from '../ir';
import type { SyntaxNode } from './syntax-node';

export interface EvaluatedArg {
  value: Value;
  /** The value expression. */
  node: SyntaxNode;
  /** The whole argument: `name=value` for keywords, else the expression. */
  full: SyntaxNode;
  keyword?: string;
  /** Came from `*args` / `**kwargs` expansion: its span is the splat, not a literal. */
  splat?: boolean;
}

export interface EvaluatedArgs {
  positional: EvaluatedArg[];
  keyword: Map<string, EvaluatedArg>;
  /** Written arguments in source order (splats once each). */
  written: EvaluatedArg[];
  argList: SyntaxNode | null;
  /** A `*x` or `**x` that could not be expanded: any parameter may have been passed. */
  opaqueSplat: boolean;
}

const LITERAL_TYPES = new Set(['integer', 'float', 'string', 'true', 'false', 'none', 'concatenated_string']);

function isLiteralNode(node: SyntaxNode): boolean {
  if (LITERAL_TYPES.has(node.type)) return !node.children.some((c) => c.type === 'interpolation');
  if (node.type === 'unary_operator') return node.children.some((c) => c.named && LITERAL_TYPES.has(c.type));
  if (node.type === 'tuple' || node.type === 'list') return node.children.filter((c) => c.named).every(isLiteralNode);
  return false;
}

function span(node: SyntaxNode): Span {
  return { start: node.start, end: node.end };
}

/** What to delete so that removing written argument `index` leaves valid code. */
function removalSpan(written: EvaluatedArg[], index: number): Span {
  const own = written[index].full;
  if (index + 1 < written.length) return { start: own.start, end: written[index + 1].full.start };
  if (index > 0) return { start: written[index - 1].full.end, end: own.end };
  return span(own);
}

function argInfo(arg: EvaluatedArg, removal: Span): ArgInfo {
  const info: ArgInfo = {
    value: arg.value,
    span: span(arg.node),
    removal,
    literal: !arg.splat && isLiteralNode(arg.node),
  };
  if (arg.splat) info.fromSplat = true;
  return info;
}

/**
 * Insertion point for a new keyword argument inside `(...)`. The parentheses
 * and commas are read from the text (the tree copy leaves tokens out).
 */
function insertionPoint(argList: SyntaxNode | null, fallback: number, source: string): CallSite['insert'] {
  if (!argList) return { offset: fallback, prefix: '(', suffix: ')' };
  const closeOffset = source.charCodeAt(argList.end - 1) === 41 ? argList.end - 1 : argList.end;
  const children = argList.children;
  for (let i = children.length - 1; i >= 0; i--) {
    const last = children[i];
    if (!last.named || last.type === 'comment') continue;
    const comma = trailingComma(source, last.end, closeOffset);
    if (comma >= 0) return { offset: comma + 1, prefix: ' ', suffix: ',' };
    return { offset: last.end, prefix: ', ', suffix: '' };
  }
  return { offset: closeOffset, prefix: '', suffix: '' };
}

/** Where a comma follows `from` before `to`, whitespace, line continuations and comments aside; -1 when none does. */
function trailingComma(source: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    if (c === 44) return i;
    if (c === 35) {
      const eol = source.indexOf('\n', i);
      if (eol < 0) return -1;
      i = eol;
    } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 92) return -1;
  }
  return -1;
}

export function bindCallSite(
  call: SyntaxNode,
  callee: SyntaxNode,
  args: EvaluatedArgs,
  params: readonly string[],
  source: string,
): CallSite {
  const site: CallSite = {
    span: span(call),
    calleeSpan: span(callee),
    args: new Map(),
    insert: insertionPoint(args.argList, call.end, source),
  };
  if (args.opaqueSplat) site.opaqueSplat = true;
  const written = args.written;
  const removal = (arg: EvaluatedArg): Span => {
    const i = written.indexOf(arg);
    return i >= 0 ? removalSpan(written, i) : span(arg.full);
  };
  const positional = args.positional;
  for (let i = 0; i < positional.length; i++) {
    const arg = positional[i];
    site.args.set(i < params.length ? params[i] : `#${i}`, argInfo(arg, removal(arg)));
  }
  for (const [name, arg] of args.keyword) site.args.set(name, argInfo(arg, removal(arg)));
  return site;
}
