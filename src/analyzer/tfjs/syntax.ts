/**
 * The TypeScript compiler API as plain objects. The package exports its API
 * through getters (and so do transpiled imports between our own modules), yet
 * the interpreter reads `SyntaxKind` and the `is*` node tests millions of times
 * on a large file. Each module takes its own plain copies:
 * `const { K, T } = compilerApi();`.
 */
import * as ts from 'typescript';

const api = { K: { ...ts.SyntaxKind } as typeof ts.SyntaxKind, T: { ...ts } as typeof ts };

export function compilerApi(): typeof api {
  return api;
}
