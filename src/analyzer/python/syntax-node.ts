/**
 * The interpreter's syntax tree: a plain-JS copy of tree-sitter's, and what
 * the copy leaves out. Both ways of copying (parser.ts's cursor walk and
 * tree-memory.ts's read of a clean tree) follow the rules here, so they build
 * the same tree.
 */

/**
 * A plain-JS copy of a tree-sitter node. The interpreter visits nodes many
 * times (helper functions are inlined at every call), and every property read
 * on a web-tree-sitter node crosses into WASM; one copy up front is cheaper
 * than that.
 */
export interface SyntaxNode {
  type: string;
  /** UTF-16 offsets into the source, like JS strings (web-tree-sitter parses strings as UTF-16). */
  start: number;
  end: number;
  named: boolean;
  /** Field name of this node in its parent (`function`, `arguments`, `left`…); always null for anonymous tokens. */
  field: string | null;
  children: SyntaxNode[];
  /** Named children, filled in on first use by namedChildren() (or by the copy, when all children are named). */
  namedCache?: SyntaxNode[];
}

export function childByField(node: SyntaxNode, field: string): SyntaxNode | undefined {
  for (const child of node.children) if (child.field === field) return child;
  return undefined;
}

/** The children array of every leaf. */
const NO_CHILDREN: SyntaxNode[] = Object.freeze([]) as unknown as SyntaxNode[];

/** Named children, computed once per node (the interpreter asks for them often). */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  // A field on the node, not a WeakMap: ephemeron tables made garbage collection a fifth of analysis time.
  return (node.namedCache ??= node.children.length === 0 ? NO_CHILDREN : node.children.filter((c) => c.named));
}

/** A fresh copy of a node, without children yet. */
export function syntaxNode(type: string, start: number, end: number, named: boolean, field: string | null): SyntaxNode {
  // Every property present from the start: the objects keep one shape when the copy or namedChildren() fills them in.
  return { type, start, end, named, field, children: NO_CHILDREN, namedCache: undefined };
}

/**
 * Gives `parent` the children gathered for it (from `first` to the end of
 * `gathered`, which is then cut back to `first`). The copies gather children on
 * one scratch stack so that each node gets an array of exactly their number:
 * arrays grown by push reserve 17 slots for the one or two children most nodes
 * have. Leaves keep the shared empty array.
 */
export function closeChildren(parent: SyntaxNode, gathered: SyntaxNode[], first: number): void {
  if (gathered.length === first) return;
  parent.children = gathered.slice(first);
  gathered.length = first;
  // Tokens are mostly left out, so most nodes' children are all named: share the array rather than filter it later.
  for (const child of parent.children) if (!child.named) return;
  parent.namedCache = parent.children;
}

/**
 * Parents whose anonymous tokens the interpreter reads: operators, slice
 * colons, and the commas and parentheses of argument lists (where fixes insert
 * arguments). Everywhere else tokens (`def`, `=`, `.`, `[`…) are not copied:
 * they are about half of all nodes, and nothing reads them.
 */
export const KEEPS_TOKENS: ReadonlySet<string> = new Set([
  'binary_operator',
  'unary_operator',
  'boolean_operator',
  'not_operator',
  'comparison_operator',
  'augmented_assignment',
  'slice',
  'ERROR',
]);

/**
 * A string literal without prefix or backslash (`'relu'`, `"""doc"""`): its value
 * is the text between its quotes, so its parts (start, content, end: a fifth of
 * the nodes of model code) are not copied. `source` is null for trees with errors.
 */
export function isPlainString(node: SyntaxNode, source: string | null): boolean {
  if (node.type !== 'string' || source === null) return false;
  const quote = source.charCodeAt(node.start);
  if (quote !== 34 && quote !== 39) return false;
  for (let i = node.start + 1; i < node.end; i++) if (source.charCodeAt(i) === 92) return false;
  return true;
}

/**
 * Lexical tokens of the Python grammar that are named nodes: they never have
 * children, so the copy does not look for any (one WASM call per identifier
 * saved in the cursor walk). Checked against tree-sitter-python's
 * node-types.json by test/unit/python-parser-leaves.test.ts.
 */
export const LEAF_TYPES: ReadonlySet<string> = new Set([
  'identifier',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'string_start',
  'string_end',
  'comment',
  'ellipsis',
  'escape_sequence',
  'escape_interpolation',
  'line_continuation',
  'type_conversion',
]);

/** Whether the copy descends into a named node that has children in the tree. */
export function copiesChildrenOf(node: SyntaxNode, source: string | null): boolean {
  return !LEAF_TYPES.has(node.type) && !isPlainString(node, source);
}
