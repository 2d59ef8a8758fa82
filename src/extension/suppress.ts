/**
 * The "Ignore <rule> on this line" edit: adds the rule to a suppression comment
 * already on (or alone above) the line, or appends a new one. The analyzer and
 * the CLI honour the same comments (src/analyzer/suppressions.ts).
 */
import * as vscode from 'vscode';

const MARKER = /((?:#|\/\/)\s*model-doctor:\s*ignore)(\[([^\]]*)\])?/;

/** Adds `rule` to an existing marker's list; null when the line has no bracketed marker. */
function extendMarker(line: vscode.TextLine, rule: string): vscode.TextEdit | null {
  const m = MARKER.exec(line.text);
  if (!m || m[2] === undefined) return null;
  const ids = m[3]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!ids.includes(rule)) ids.push(rule);
  const start = m.index + m[1].length;
  return vscode.TextEdit.replace(
    new vscode.Range(line.lineNumber, start, line.lineNumber, start + m[2].length),
    `[${ids.join(', ')}]`,
  );
}

export function suppressionEdit(
  document: vscode.TextDocument,
  lineNumber: number,
  rule: string,
  comment: '#' | '//',
): vscode.TextEdit {
  const line = document.lineAt(lineNumber);
  const own = extendMarker(line, rule);
  if (own) return own;
  if (lineNumber > 0) {
    const above = document.lineAt(lineNumber - 1);
    if (/^\s*(#|\/\/)/.test(above.text)) {
      const extended = extendMarker(above, rule);
      if (extended) return extended;
    }
  }
  const marker = `${comment} model-doctor: ignore[${rule}]`;
  // After a backslash continuation a trailing comment is a syntax error: put it alone on the line above.
  if (/\\\s*$/.test(line.text)) {
    const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
    return vscode.TextEdit.insert(new vscode.Position(lineNumber, 0), `${indent}${marker}${eolOf(document)}`);
  }
  const end = line.text.replace(/\s+$/, '').length;
  return vscode.TextEdit.replace(new vscode.Range(lineNumber, end, lineNumber, line.text.length), `  ${marker}`);
}

function eolOf(document: vscode.TextDocument): string {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}
