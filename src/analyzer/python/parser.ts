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

export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c) => c.named);
}

/** Finds an asset shipped next to the bundle (dist/) or, in development, in its npm package. */
function findAsset(fileName: string, packageRelative: string): string {
  const bundled = path.join(__dirname, fileName);
  if (fs.existsSync(bundled)) return bundled;
  return require.resolve(packageRelative);
}

let parserPromise: Promise<Parser> | undefined;

/** Loads the tree-sitter runtime and the Python grammar once per process. */
export function loadPythonParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const runtimeWasm = findAsset('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtimeWasm });
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
    return copyTree(tree.walk());
  } finally {
    tree.delete();
  }
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
