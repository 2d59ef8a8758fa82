/**
 * What an editor analyses as one program: a source file, or a notebook's code
 * cells joined in execution order. A source turns spans of the analysed text
 * back into (document URI, range) pairs, so diagnostics and fix edits land in
 * the right file or cell. Editor-neutral: URIs are strings and positions are
 * LSP's (0-based line, UTF-16 character); VS Code and the language server
 * adapt their own document objects to `DocumentText`.
 */
import type { SourceLanguage } from '../analyzer';
import type { Span } from '../analyzer/ir';
import { cellAt, notebookProgram, type NotebookProgram } from '../analyzer/notebook';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Located {
  uri: string;
  range: Range;
}

/** A document as the editor holds it: offset ↔ position follow the editor's own idea of line breaks. */
export interface DocumentText {
  readonly uri: string;
  readonly text: string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

export interface ProgramSource {
  /** Identity: the file's or the notebook's URI. */
  readonly key: string;
  /** Changes whenever the analysed text may have changed. */
  readonly version: string;
  readonly text: string;
  readonly language: SourceLanguage;
  readonly fileName: string;
  /** Every URI diagnostics can be published on (the file, or each code cell). */
  readonly uris: string[];
  /** Comment prefix for suppression comments. */
  readonly comment: '#' | '//';
  /** Where a span of the analysed text is; null when it crosses cells. */
  locate(span: Span): Located | null;
  /** The analysed-text offset of a position in `uri`, or null when `uri` is not part of this source. */
  offsetAt(uri: string, position: Position): number | null;
  /** The document behind `uri` (the file, or one cell). */
  document(uri: string): DocumentText | undefined;
}

function commentFor(language: SourceLanguage): '#' | '//' {
  return language === 'python' ? '#' : '//';
}

/** A single file (open in the editor, or read from disk). */
export function documentSource(
  document: DocumentText,
  meta: { version: string; language: SourceLanguage; fileName: string },
): ProgramSource {
  const key = document.uri;
  return {
    key,
    version: meta.version,
    text: document.text,
    language: meta.language,
    fileName: meta.fileName,
    uris: [key],
    comment: commentFor(meta.language),
    locate: (span) => ({
      uri: key,
      range: { start: document.positionAt(span.start), end: document.positionAt(span.end) },
    }),
    offsetAt: (uri, position) => (uri === key ? document.offsetAt(position) : null),
    document: (uri) => (uri === key ? document : undefined),
  };
}

export interface NotebookCellText {
  /** Index among all cells of the notebook (markdown included). */
  index: number;
  document: DocumentText;
  /** The execution count the kernel gave the cell, if it ran. */
  executionOrder: number | null;
}

/** The Python code cells of a notebook (the caller picks them), in execution order when every cell has run. */
export function notebookCellsSource(
  notebook: { uri: string; version: string; fileName: string },
  cells: NotebookCellText[],
): ProgramSource {
  const byIndex = new Map(cells.map((c) => [c.index, c]));
  const byUri = new Map(cells.map((c) => [c.document.uri, c]));
  const program: NotebookProgram = notebookProgram(
    cells.map((c) => ({ index: c.index, source: c.document.text, executionOrder: c.executionOrder })),
  );
  const locateOffset = (offset: number) => {
    const at = cellAt(program, offset);
    const cell = at && byIndex.get(at.cell.index);
    return at && cell ? { cell, position: cell.document.positionAt(at.offset) } : null;
  };
  return {
    key: notebook.uri,
    version: notebook.version,
    text: program.text,
    language: 'python',
    fileName: notebook.fileName,
    uris: cells.map((c) => c.document.uri),
    comment: '#',
    locate(span) {
      const start = locateOffset(span.start);
      // An empty span at a cell's end must not fall into the next cell.
      const end = span.end === span.start ? start : locateOffset(span.end);
      if (!start || !end || start.cell !== end.cell) return null;
      return { uri: start.cell.document.uri, range: { start: start.position, end: end.position } };
    },
    offsetAt(uri, position) {
      const cell = byUri.get(uri);
      const placed = cell && program.cells.find((p) => p.index === cell.index);
      return cell && placed ? placed.offset + cell.document.offsetAt(position) : null;
    },
    document: (uri) => byUri.get(uri)?.document,
  };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** True when the ranges overlap or touch (as VS Code's `Range.intersection` is defined). */
export function rangesTouch(a: Range, b: Range): boolean {
  return comparePositions(a.end, b.start) >= 0 && comparePositions(b.end, a.start) >= 0;
}

export function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** The text of one line, without its line break. */
export function lineText(document: DocumentText, line: number): string {
  const start = document.offsetAt({ line, character: 0 });
  const next = document.offsetAt({ line: line + 1, character: 0 });
  return document.text.slice(start, Math.max(start, next)).replace(/(\r\n|\n|\r)$/, '');
}
