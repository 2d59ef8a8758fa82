/** Parses JavaScript and TypeScript with the TypeScript compiler's parser: syntax only, no type checking. */
import * as ts from 'typescript';
import { SourceNotAnalysed } from '../not-analysed';

function scriptKind(fileName: string | undefined, language: 'javascript' | 'typescript'): ts.ScriptKind {
  const ext = /\.[^./\\]+$/.exec((fileName ?? '').toLowerCase())?.[0];
  switch (ext) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.ts':
    case '.mts':
    case '.cts':
      return ts.ScriptKind.TS;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    default:
      // An untitled editor buffer: TSX/JSX parse every plain file too and also accept markup.
      return language === 'typescript' ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  }
}

export interface ParsedSource {
  sourceFile: ts.SourceFile;
  /** Syntax errors the parser recovered from. */
  errorCount: number;
}

export function parseSource(
  text: string,
  fileName: string | undefined,
  language: 'javascript' | 'typescript',
): ParsedSource {
  const kind = scriptKind(fileName, language);
  const name = fileName ?? (kind === ts.ScriptKind.TS ? 'untitled.ts' : 'untitled.js');
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, kind);
  } catch (error) {
    // The parser recurses per nesting level; thousands of nested brackets exhaust the stack.
    if (error instanceof RangeError) throw new SourceNotAnalysed('nested too deeply for the JavaScript parser');
    throw error;
  }
  // parseDiagnostics is not in the public typings, but it is what the parser reports.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  return { sourceFile, errorCount: diagnostics?.length ?? 0 };
}
