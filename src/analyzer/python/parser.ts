import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { SourceNotAnalysed } from '../not-analysed';
import {
  closeChildren,
  copiesChildrenOf,
  isPlainString,
  KEEPS_TOKENS,
  type SyntaxNode,
  syntaxNode,
} from './syntax-node';
import { LayoutMismatch, TreeMemory, type WasmHeap } from './tree-memory';

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
interface RawModule extends WasmHeap {
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
  if (
    !(candidate.HEAP32 instanceof Int32Array) ||
    !(candidate.HEAPU16 instanceof Uint16Array) ||
    !(candidate.HEAPU8 instanceof Uint8Array) ||
    needed.some((n) => typeof candidate[n] !== 'function')
  )
    return null;
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

/**
 * A new parser for the same grammar, replacing one that faulted inside WASM:
 * the faulted one's memory may be corrupt, so it is never used again (and
 * analyzers created later get the fresh one too).
 */
export function freshParser(broken: Parser): Parser {
  const grammar = broken.language;
  if (!grammar) throw new Error('the Python parser has no grammar');
  try {
    broken.delete();
  } catch {
    // Its memory is what failed; the fresh parser does not depend on it.
  }
  const parser = new Parser();
  parser.setLanguage(grammar);
  parserPromise = Promise.resolve(parser);
  return parser;
}

export interface ParsedTree {
  root: SyntaxNode;
  errorCount: number;
}

export interface ParsedPython {
  /** The module's top-level statements, copied one at a time as they are consumed. */
  statements: Iterable<SyntaxNode>;
  /** Syntax errors the parser recovered from. */
  errorCount: number;
}

const MAX_REPAIRS = 8;
/** Characters the repairs of one source may parse again, in all. */
const REPAIR_CHARACTERS = 1_000_000;

/**
 * Parses Python source for the interpreter. Never throws on bad syntax.
 *
 * A clean file is streamed: each top-level statement is copied from the WASM
 * tree when the interpreter reaches it, so a large file never holds a full JS
 * copy of its tree (its garbage collection dominated analysis time). A file
 * with errors goes through parsePythonTree's repair loop.
 */
export function parsePython(parser: Parser, source: string, cpuLimitMs?: number): ParsedPython {
  const budget = new ParseBudget(source.length, cpuLimitMs);
  const tree = parseWithin(parser, source, budget);
  if (!tree)
    throw new SourceNotAnalysed(
      `the parser gave up after ${(budget.limitMs / 1000).toFixed(0)} s of CPU time (syntax it cannot recover from)`,
    );
  if (tree.rootNode.hasError) {
    const { root, errorCount } = repairParse(parser, source, copyTree(parser, tree, source), budget);
    return { statements: root.children, errorCount };
  }
  return { statements: streamStatements(parser, tree, source), errorCount: 0 };
}

/**
 * CPU time the parses of one source may take: far beyond what any real file
 * needs (a clean 10 MB file parses in about 4 s), so only input that makes
 * tree-sitter's error recovery run away hits it. CPU time, not wall time: a
 * busy machine must not turn a file into "not analysed".
 */
class ParseBudget {
  readonly limitMs: number;
  private readonly start = cpuMs();

  constructor(length: number, limitMs?: number) {
    this.limitMs = limitMs ?? 5000 + length / 1000;
  }

  spentMs(): number {
    return cpuMs() - this.start;
  }

  /**
   * Asked by tree-sitter's progress callback, thousands of times a parse: the clock is read
   * every 64th call only, since reading the process's CPU time (a system call) at every one
   * cost a tenth of the analysis of model-dense code.
   */
  exceeded(): boolean {
    if (++this.calls % 64 !== 0) return false;
    return this.spentMs() > this.limitMs;
  }

  private calls = 0;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A parse that gives up (null) when the budget runs out; the parser is reset for the next text. */
function parseWithin(parser: Parser, source: string, budget: ParseBudget): Tree | null {
  const tree = parser.parse(source, null, { progressCallback: () => budget.exceeded() });
  // A cancelled parse is kept for resuming the same text: any other text would read its stale state.
  if (!tree) parser.reset();
  return tree;
}

function* streamStatements(parser: Parser, tree: Tree, source: string): Generator<SyntaxNode> {
  try {
    let read = 0;
    const memory = treeMemory(parser, tree, source);
    if (memory) {
      try {
        for (const statement of memory.statements()) {
          yield statement;
          read++;
        }
        return;
      } catch (error) {
        if (!(error instanceof LayoutMismatch)) throw error;
      }
    }
    // The cursor walk, from the statement after those read from memory.
    const walker = treeWalker(parser, tree, false);
    try {
      if (walker.firstChild()) {
        do if (walker.named() && read-- <= 0) yield copySubtree(walker, new CopyStats(), source);
        while (walker.nextSibling());
      }
    } finally {
      walker.dispose();
    }
  } finally {
    tree.delete();
  }
}

/**
 * A reader of the clean `tree` straight from WASM memory (tree-memory.ts), or
 * null when the fast walk is off or the memory is not laid out as it expects.
 */
export function treeMemory(parser: Parser, tree: Tree, source: string): TreeMemory | null {
  if (!fastWalkEnabled || !rawModule || !parser.language || tree.rootNode.hasError) return null;
  return TreeMemory.open(rawModule, treeAddress(tree), parser.language, namedTypes(parser.language), source);
}

/**
 * Parses Python source into one plain tree.
 *
 * tree-sitter recovers from errors, but an unclosed bracket makes it swallow
 * every following line into one ERROR node, so a half-typed `model.add(Dense(`
 * would hide the rest of the file. When the tree has an ERROR, the line where it
 * starts is blanked (same length, so every offset stays valid) and the text is
 * parsed again, a few times at most; the tree with the fewest errors wins.
 */
export function parsePythonTree(parser: Parser, source: string): ParsedTree {
  const budget = new ParseBudget(source.length);
  const tree = parseWithin(parser, source, budget);
  if (!tree) throw new SourceNotAnalysed('the parser gave up (syntax it cannot recover from)');
  return repairParse(parser, source, copyTree(parser, tree, source), budget);
}

/**
 * The repair loop from a first parse with errors. Repairs are a nicety for
 * half-typed code: together they parse at most {@link REPAIR_CHARACTERS} again,
 * so a large file full of errors is not parsed nine times (all eight repairs up
 * to 125 KB, none past 1 MB). By size, not time: the findings of a file must
 * not depend on how fast the machine is.
 */
function repairParse(
  parser: Parser,
  source: string,
  first: ParsedTree & { firstError: number },
  budget: ParseBudget,
): ParsedTree {
  let best = first;
  let text = source;
  const blanked = new Set<number>();
  const repairs = Math.min(MAX_REPAIRS, Math.floor(REPAIR_CHARACTERS / Math.max(1, source.length)));
  for (let i = 0; i < repairs && best.firstError >= 0; i++) {
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
    const tree = parseWithin(parser, text, budget);
    if (!tree) break;
    const repaired = copyTree(parser, tree, text);
    if (
      repaired.errorCount < best.errorCount ||
      (repaired.errorCount === best.errorCount && repaired.firstError > best.firstError)
    ) {
      best = repaired;
    }
  }
  return { root: best.root, errorCount: first.errorCount };
}

/** The plain copy of a whole tree, with its error count; the tree is deleted. */
function copyTree(parser: Parser, tree: Tree, source: string): ParsedTree & { firstError: number } {
  // Read before the walk: the raw walker keeps its cursor in the buffer other tree-sitter calls use.
  const hasError = tree.rootNode.hasError;
  const walker = treeWalker(parser, tree, hasError);
  try {
    const stats = new CopyStats();
    // A tree with errors may hold strings that never end: their parts are copied as they are.
    const root = copySubtree(walker, stats, hasError ? null : source);
    return { root, errorCount: stats.errors, firstError: stats.firstError };
  } finally {
    walker.dispose();
    tree.delete();
  }
}

type Tree = NonNullable<ReturnType<Parser['parse']>>;

class CopyStats {
  errors = 0;
  firstError = -1;
}

/** A cursor over one tree: what the copy needs of it, whichever API provides it. */
interface TreeWalker {
  /** Whether the node under the cursor is a named node, an ERROR or a MISSING token (always copied). */
  named(): boolean;
  /** Copies the node under the cursor (without children). */
  node(stats: CopyStats): SyntaxNode;
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
  dispose(): void;
}

/**
 * Copies the node under the cursor and its subtree, leaving the cursor where
 * it was. Iterative: deeply nested expressions must not overflow the JS stack.
 * Children are gathered on one scratch stack and each node gets an array of
 * exactly their number when its last child is copied: arrays grown by push
 * reserve 17 slots for the one or two children most nodes have, and that slack
 * was a quarter of all the memory an analysis allocates.
 */
function copySubtree(walker: TreeWalker, stats: CopyStats, source: string | null): SyntaxNode {
  const top = walker.node(stats);
  if (isPlainString(top, source) || !walker.firstChild()) return top;
  const open: SyntaxNode[] = [top];
  /** Where each open node's children start on `gathered`. */
  const firstGathered: number[] = [0];
  const gathered: SyntaxNode[] = [];
  for (;;) {
    const parent = open[open.length - 1];
    if (walker.named() || KEEPS_TOKENS.has(parent.type)) {
      const node = walker.node(stats);
      gathered.push(node);
      if (copiesChildrenOf(node, source) && walker.firstChild()) {
        open.push(node);
        firstGathered.push(gathered.length);
        continue;
      }
    }
    // Tokens nobody reads (`def`, `=`, `.`… outside KEEPS_TOKENS) are skipped; tokens have no children.
    while (!walker.nextSibling()) {
      walker.parent();
      closeChildren(open.pop() as SyntaxNode, gathered, firstGathered.pop() as number);
      if (open.length === 0) return top;
    }
  }
}

const namedTypeCache = new WeakMap<Language, boolean[]>();

/** Whether each node type of the grammar (by id) is named, asked of WASM once per grammar. */
function namedTypes(language: Language): boolean[] {
  let named = namedTypeCache.get(language);
  if (!named) namedTypeCache.set(language, (named = language.types.map((_, id) => language.nodeTypeIsNamed(id))));
  return named;
}

/** The address of a web-tree-sitter tree's TSTree in WASM memory. */
function treeAddress(tree: Tree): number {
  return (tree as unknown as Record<number, number>)[0];
}

function treeWalker(parser: Parser, tree: Tree, hasError: boolean): TreeWalker {
  const cursor = tree.walk();
  if (fastWalkEnabled && rawModule && parser.language)
    return rawWalker(rawModule, tree, cursor, parser.language, hasError);
  return publicWalker(cursor);
}

function rawWalker(
  m: RawModule,
  tree: Tree,
  cursor: ReturnType<Tree['walk']>,
  language: Language,
  hasError: boolean,
): TreeWalker {
  const internal = cursor as unknown as Record<number, number>;
  const treePtr = treeAddress(tree);
  // Put the cursor into the transfer buffer once; the goto calls then move it in place.
  const buffer = m._ts_init() >> 2;
  for (let i = 0; i < 4; i++) m.HEAP32[buffer + i] = internal[i];
  const types = language.types;
  const fields = language.fields;
  const isNamedType = namedTypes(language);
  // named() is always asked right before node() on the same cursor position: keep its type id.
  let askedTypeId = -1;
  const move = (moved: number) => {
    askedTypeId = -1;
    return moved === 1;
  };
  return {
    named() {
      const typeId = (askedTypeId = m._ts_tree_cursor_current_node_type_id_wasm(treePtr));
      // 65535 is tree-sitter's ERROR symbol; MISSING tokens are kept so they are counted as errors.
      return (
        typeId === 65535 ||
        (isNamedType[typeId] ?? false) ||
        (hasError && m._ts_tree_cursor_current_node_is_missing_wasm(treePtr) === 1)
      );
    },
    node(stats) {
      const typeId = askedTypeId >= 0 ? askedTypeId : m._ts_tree_cursor_current_node_type_id_wasm(treePtr);
      const type = types[typeId] ?? 'ERROR';
      const start = m._ts_tree_cursor_start_index_wasm(treePtr);
      const isError = type === 'ERROR';
      // MISSING nodes only exist in trees with errors: skip the call for clean trees.
      const isMissing = hasError && m._ts_tree_cursor_current_node_is_missing_wasm(treePtr) === 1;
      if (isError || isMissing) stats.errors++;
      if (isError && (stats.firstError < 0 || start < stats.firstError)) stats.firstError = start;
      const isNamed = isError || (isNamedType[typeId] ?? false);
      // An anonymous token's text is its type ('(', 'def', '+='), so its end needs no call, and
      // the interpreter never asks for its field. About half of all nodes are such tokens.
      if (!isNamed && !isMissing) return syntaxNode(type, start, start + type.length, false, null);
      const fieldId = m._ts_tree_cursor_current_field_id_wasm(treePtr);
      return syntaxNode(
        type,
        start,
        m._ts_tree_cursor_end_index_wasm(treePtr),
        true,
        fieldId ? (fields[fieldId] ?? null) : null,
      );
    },
    firstChild: () => move(m._ts_tree_cursor_goto_first_child_wasm(treePtr)),
    nextSibling: () => move(m._ts_tree_cursor_goto_next_sibling_wasm(treePtr)),
    parent: () => move(m._ts_tree_cursor_goto_parent_wasm(treePtr)),
    dispose: () => cursor.delete(),
  };
}

function publicWalker(cursor: ReturnType<Tree['walk']>): TreeWalker {
  return {
    named: () => cursor.nodeIsNamed || cursor.nodeType === 'ERROR' || cursor.nodeIsMissing,
    node(stats) {
      const type = cursor.nodeType;
      const start = cursor.startIndex;
      const isError = type === 'ERROR';
      const isMissing = cursor.nodeIsMissing;
      if (isError || isMissing) stats.errors++;
      if (isError && (stats.firstError < 0 || start < stats.firstError)) stats.firstError = start;
      const isNamed = cursor.nodeIsNamed;
      return syntaxNode(type, start, cursor.endIndex, isNamed, isNamed || isError ? cursor.currentFieldName : null);
    },
    firstChild: () => cursor.gotoFirstChild(),
    nextSibling: () => cursor.gotoNextSibling(),
    parent: () => cursor.gotoParent(),
    dispose: () => cursor.delete(),
  };
}
