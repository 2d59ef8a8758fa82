import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

/**
 * A plain-JS copy of the tree-sitter tree. The interpreter visits nodes many
 * times (helper functions are inlined at every call), and every property read
 * on a web-tree-sitter node crosses into WASM; one cursor walk up front is
 * cheaper than that.
 */
export interface SyntaxNode {
  type: string;
  /** UTF-16 offsets into the source, like JS strings (web-tree-sitter parses strings as UTF-16). */
  start: number;
  end: number;
  named: boolean;
  /** Field name of this node in its parent (`function`, `arguments`, `left`…). */
  field: string | null;
  children: SyntaxNode[];
  isError: boolean;
  isMissing: boolean;
}

export function childByField(node: SyntaxNode, field: string): SyntaxNode | undefined {
  for (const child of node.children) if (child.field === field) return child;
  return undefined;
}

const namedCache = new WeakMap<SyntaxNode, SyntaxNode[]>();

/** Named children, computed once per node (the interpreter asks for them often). */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  let named = namedCache.get(node);
  if (!named) namedCache.set(node, (named = node.children.filter((c) => c.named)));
  return named;
}

/** Finds an asset shipped next to the bundle (dist/) or, in development, in its npm package. */
function findAsset(fileName: string, packageRelative: string): string {
  const bundled = path.join(__dirname, fileName);
  if (fs.existsSync(bundled)) return bundled;
  return require.resolve(packageRelative);
}

let parserPromise: Promise<Parser> | undefined;

/**
 * The raw exports of web-tree-sitter's WASM module. The public TreeCursor API
 * copies the cursor in and out of WASM memory on every call, which made
 * copying the tree 2x slower than parsing it. Emscripten returns the options
 * object passed to Parser.init as the module, so its exports are reachable;
 * walking with them moves the cursor in place. Pinned to web-tree-sitter
 * 0.25.x; a test checks the fast walk against the public API, and anything
 * unexpected falls back to the public API.
 */
interface RawModule {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
}

let rawModule: RawModule | null = null;

function asRawModule(candidate: Record<string, unknown>): RawModule | null {
  const needed = [
    '_ts_init',
    '_ts_tree_cursor_goto_first_child_wasm',
    '_ts_tree_cursor_goto_next_sibling_wasm',
    '_ts_tree_cursor_goto_parent_wasm',
    '_ts_tree_cursor_current_node_type_id_wasm',
    '_ts_tree_cursor_current_node_is_missing_wasm',
    '_ts_tree_cursor_start_index_wasm',
    '_ts_tree_cursor_end_index_wasm',
    '_ts_tree_cursor_current_field_id_wasm',
  ];
  if (!(candidate.HEAP32 instanceof Int32Array) || needed.some((n) => typeof candidate[n] !== 'function')) return null;
  return candidate as unknown as RawModule;
}

/** Walk with the public API only (tests compare both walks). */
export function setFastWalk(enabled: boolean): void {
  fastWalkEnabled = enabled;
}
let fastWalkEnabled = true;

/** Loads the tree-sitter runtime and the Python grammar once per process. */
export function loadPythonParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const runtimeWasm = findAsset('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    const moduleOptions: Record<string, unknown> = { locateFile: () => runtimeWasm };
    await Parser.init(moduleOptions);
    rawModule = asRawModule(moduleOptions);
    const grammar = await Language.load(
      findAsset('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'),
    );
    const parser = new Parser();
    parser.setLanguage(grammar);
    return parser;
  })();
  return parserPromise;
}

export interface ParsedPython {
  root: SyntaxNode;
  errorCount: number;
  /** Number of nodes, which sizes the interpreter's work budget. */
  size: number;
}

const MAX_REPAIRS = 8;

/**
 * Parses Python source into a plain tree. Never throws on bad syntax.
 *
 * tree-sitter recovers from errors, but an unclosed bracket makes it swallow
 * every following line into one ERROR node, so a half-typed `model.add(Dense(`
 * would hide the rest of the file. When the tree has an ERROR, the line where it
 * starts is blanked (same length, so every offset stays valid) and the text is
 * parsed again, a few times at most; the tree with the fewest errors wins.
 */
export function parsePython(parser: Parser, source: string): ParsedPython {
  const first = parseOnce(parser, source);
  let best = first;
  let text = source;
  const blanked = new Set<number>();
  for (let i = 0; i < MAX_REPAIRS && best.firstError >= 0; i++) {
    let lineStart = text.lastIndexOf('\n', best.firstError - 1) + 1;
    // Already blanked (the error starts on an empty line): blank the next non-empty line instead.
    while (blanked.has(lineStart)) {
      const next = text.indexOf('\n', lineStart);
      if (next < 0) break;
      lineStart = next + 1;
    }
    if (blanked.has(lineStart)) break;
    blanked.add(lineStart);
    const lineEnd = text.indexOf('\n', lineStart);
    const end = lineEnd < 0 ? text.length : lineEnd;
    text = text.slice(0, lineStart) + ' '.repeat(end - lineStart) + text.slice(end);
    const repaired = parseOnce(parser, text);
    if (repaired.errorCount < best.errorCount || (repaired.errorCount === best.errorCount && repaired.firstError > best.firstError)) {
      best = repaired;
    }
  }
  return { root: best.root, errorCount: first.errorCount, size: best.size };
}

function parseOnce(parser: Parser, source: string): ParsedPython & { firstError: number } {
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const cursor = tree.walk();
    if (fastWalkEnabled && rawModule && parser.language) return copyTreeFast(rawModule, tree, cursor, parser.language, tree.rootNode.hasError);
    return copyTree(cursor);
  } finally {
    tree.delete();
  }
}

type Cursor = ReturnType<NonNullable<ReturnType<Parser['parse']>>['walk']>;
type Tree = NonNullable<ReturnType<Parser['parse']>>;

const namedTypeCache = new WeakMap<Language, boolean[]>();

function copyTreeFast(m: RawModule, tree: Tree, cursor: Cursor, language: Language, hasError: boolean): ParsedPython & { firstError: number } {
  const internal = cursor as unknown as Record<number, number>;
  const treePtr = (tree as unknown as Record<number, number>)[0];
  // Put the cursor into the transfer buffer once; the goto calls then move it in place.
  const buffer = m._ts_init() >> 2;
  for (let i = 0; i < 4; i++) m.HEAP32[buffer + i] = internal[i];
  const types = language.types;
  const fields = language.fields;
  let named = namedTypeCache.get(language);
  if (!named) namedTypeCache.set(language, (named = types.map((_, id) => language.nodeTypeIsNamed(id))));
  let errorCount = 0;
  let size = 0;
  let firstError = -1;
  const make = (): SyntaxNode => {
    size++;
    const typeId = m._ts_tree_cursor_current_node_type_id_wasm(treePtr);
    const type = types[typeId] ?? 'ERROR';
    const start = m._ts_tree_cursor_start_index_wasm(treePtr);
    const isError = type === 'ERROR';
    // MISSING nodes only exist in trees with errors: skip the call for clean trees.
    const isMissing = hasError && m._ts_tree_cursor_current_node_is_missing_wasm(treePtr) === 1;
    if (isError || isMissing) errorCount++;
    if (isError && (firstError < 0 || start < firstError)) firstError = start;
    const fieldId = m._ts_tree_cursor_current_field_id_wasm(treePtr);
    return {
      type,
      start,
      end: m._ts_tree_cursor_end_index_wasm(treePtr),
      named: isError || (named![typeId] ?? false),
      field: fieldId ? fields[fieldId] ?? null : null,
      children: [],
      isError,
      isMissing,
    };
  };
  const root = make();
  const stack: SyntaxNode[] = [root];
  try {
    if (m._ts_tree_cursor_goto_first_child_wasm(treePtr) === 1) {
      for (;;) {
        const node = make();
        stack[stack.length - 1].children.push(node);
        if (m._ts_tree_cursor_goto_first_child_wasm(treePtr) === 1) {
          stack.push(node);
          continue;
        }
        let done = false;
        while (m._ts_tree_cursor_goto_next_sibling_wasm(treePtr) !== 1) {
          stack.pop();
          if (stack.length === 0 || m._ts_tree_cursor_goto_parent_wasm(treePtr) !== 1) {
            done = true;
            break;
          }
        }
        if (done) break;
      }
    }
  } finally {
    cursor.delete();
  }
  return { root, errorCount, size, firstError };
}

function copyTree(cursor: ReturnType<NonNullable<ReturnType<Parser['parse']>>['walk']>): ParsedPython & { firstError: number } {
  let errorCount = 0;
  let size = 0;
  let firstError = -1;
  const make = (): SyntaxNode => {
    size++;
    const type = cursor.nodeType;
    const isError = type === 'ERROR';
    const isMissing = cursor.nodeIsMissing;
    if (isError || isMissing) errorCount++;
    if (isError && (firstError < 0 || cursor.startIndex < firstError)) firstError = cursor.startIndex;
    return {
      type,
      start: cursor.startIndex,
      end: cursor.endIndex,
      named: cursor.nodeIsNamed,
      field: cursor.currentFieldName,
      children: [],
      isError,
      isMissing,
    };
  };
  const root = make();
  // Iterative walk: deeply nested expressions must not overflow the JS stack.
  const stack: SyntaxNode[] = [root];
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const node = make();
      stack[stack.length - 1].children.push(node);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          cursor.delete();
          return { root, errorCount, size, firstError };
        }
        stack.pop();
        if (stack.length === 0) {
          cursor.delete();
          return { root, errorCount, size, firstError };
        }
      }
    }
  }
  cursor.delete();
  return { root, errorCount, size, firstError };
}
