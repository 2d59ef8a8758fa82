/**
 * The "Ignore <rule> on this line" edit: adds the rule to a suppression comment
 * already on (or alone above) the line, or appends a new one. The analyzer and
 * the CLI honour the same comments (src/analyzer/suppressions.ts).
 */
import { type DocumentText, lineText, type Range } from './program-source';

const MARKER = /((?:#|\/\/)\s*model-doctor:\s*ignore)(\[([^\]]*)\])?/;

export interface LineEdit {
  range: Range;
  newText: string;
}

/** Adds `rule` to an existing marker's list; null when the line has no bracketed marker. */
function extendMarker(text: string, line: number, rule: string): LineEdit | null {
  const m = MARKER.exec(text);
  if (!m || m[2] === undefined) return null;
  const ids = m[3]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!ids.includes(rule)) ids.push(rule);
  const start = m.index + m[1].length;
  return {
    range: { start: { line, character: start }, end: { line, character: start + m[2].length } },
    newText: `[${ids.join(', ')}]`,
  };
}

export function suppressionEdit(
  document: DocumentText,
  lineNumber: number,
  rule: string,
  comment: '#' | '//',
): LineEdit {
  const text = lineText(document, lineNumber);
  const own = extendMarker(text, lineNumber, rule);
  if (own) return own;
  if (lineNumber > 0) {
    const above = lineText(document, lineNumber - 1);
    if (/^\s*(#|\/\/)/.test(above)) {
      const extended = extendMarker(above, lineNumber - 1, rule);
      if (extended) return extended;
    }
  }
  const marker = `${comment} model-doctor: ignore[${rule}]`;
  // After a backslash continuation a trailing comment is a syntax error: put it alone on the line above.
  if (/\\\s*$/.test(text)) {
    const indent = /^\s*/.exec(text)![0];
    const at = { line: lineNumber, character: 0 };
    return { range: { start: at, end: at }, newText: `${indent}${marker}${eolOf(document)}` };
  }
  const end = text.replace(/\s+$/, '').length;
  return {
    range: { start: { line: lineNumber, character: end }, end: { line: lineNumber, character: text.length } },
    newText: `  ${marker}`,
  };
}

function eolOf(document: DocumentText): string {
  return document.text.includes('\r\n') ? '\r\n' : '\n';
}
