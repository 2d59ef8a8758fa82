/**
 * What gets analysed as one program: a source file, or a notebook's code
 * cells joined in execution order. A source turns spans of the analysed text
 * back into (document, range) pairs, so diagnostics and fix edits land in the
 * right file or cell.
 */
import * as vscode from 'vscode';
import { languageForFile, type SourceLanguage } from '../analyzer';
import type { Span } from '../analyzer/ir';
import { cellAt, notebookProgram, type NotebookProgram } from '../analyzer/notebook';
import { LineIndex } from '../analyzer/text-index';

/** VS Code language ids the analyzer has a front end for (the analyzer decides which it supports). */
export const LANGUAGES: Readonly<Record<string, SourceLanguage>> = {
  python: 'python',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'typescript',
};

const NOTEBOOK_TYPE = 'jupyter-notebook';
export const CELL_SCHEME = 'vscode-notebook-cell';

export interface Located {
  uri: vscode.Uri;
  range: vscode.Range;
}

export interface AnalysisSource {
  /** Identity: the file's or the notebook's URI. */
  readonly key: string;
  /** Changes whenever the analysed text may have changed. */
  readonly version: string;
  readonly text: string;
  readonly language: SourceLanguage;
  readonly fileName: string;
  /** The URI settings are read for (the file, or the notebook). */
  readonly scope: vscode.Uri;
  /** Every URI diagnostics can be published on (the file, or each code cell). */
  readonly uris: vscode.Uri[];
  /** Where a span of the analysed text is; null when it crosses cells. */
  locate(span: Span): Located | null;
  /** The analysed-text offset of a position in `uri`, or null when `uri` is not part of this source. */
  offsetAt(uri: vscode.Uri, position: vscode.Position): number | null;
  /** Comment prefix for suppression comments. */
  readonly comment: '#' | '//';
}

function commentFor(language: SourceLanguage): '#' | '//' {
  return language === 'python' ? '#' : '//';
}

/** An open text document (not a notebook cell). */
export function textDocumentSource(document: vscode.TextDocument): AnalysisSource | null {
  const language = LANGUAGES[document.languageId];
  if (!language || document.uri.scheme === CELL_SCHEME) return null;
  const text = document.getText();
  const key = document.uri.toString();
  return {
    key,
    version: `${document.version}`,
    text,
    language,
    fileName: document.fileName,
    scope: document.uri,
    uris: [document.uri],
    comment: commentFor(language),
    locate: (span) => ({
      uri: document.uri,
      range: new vscode.Range(document.positionAt(span.start), document.positionAt(span.end)),
    }),
    offsetAt: (uri, position) => (uri.toString() === key ? document.offsetAt(position) : null),
  };
}

/** A file read from disk that is not open in an editor (workspace check). */
export function fileSource(uri: vscode.Uri, text: string): AnalysisSource | null {
  const language = languageForFile(uri.path);
  if (!language) return null;
  const lines = new LineIndex(text);
  const pos = (offset: number) => {
    const p = lines.position(Math.min(Math.max(offset, 0), text.length));
    return new vscode.Position(p.line, p.character);
  };
  return {
    key: uri.toString(),
    version: 'disk',
    text,
    language,
    fileName: uri.fsPath,
    scope: uri,
    uris: [uri],
    comment: commentFor(language),
    locate: (span) => ({ uri, range: new vscode.Range(pos(span.start), pos(span.end)) }),
    offsetAt: (other, position) =>
      other.toString() === uri.toString() ? lines.offset(position.line, position.character) : null,
  };
}

/** The Python code cells of a Jupyter notebook, in execution order when every cell has run, else in document order. */
export function notebookSource(notebook: vscode.NotebookDocument): AnalysisSource | null {
  if (notebook.notebookType !== NOTEBOOK_TYPE) return null;
  const cells = notebook
    .getCells()
    .filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
  const byIndex = new Map(cells.map((c) => [c.index, c]));
  const program: NotebookProgram = notebookProgram(
    cells.map((c) => ({
      index: c.index,
      source: c.document.getText(),
      executionOrder: c.executionSummary?.executionOrder ?? null,
    })),
  );
  const locateOffset = (offset: number) => {
    const at = cellAt(program, offset);
    const cell = at && byIndex.get(at.cell.index);
    return at && cell ? { cell, position: cell.document.positionAt(at.offset) } : null;
  };
  return {
    key: notebook.uri.toString(),
    // Order, content and execution counts all change the program.
    version:
      `${notebook.version}:` +
      program.cells.map((c) => `${c.index}.${byIndex.get(c.index)!.document.version}`).join(','),
    text: program.text,
    language: 'python',
    fileName: notebook.uri.fsPath,
    scope: notebook.uri,
    uris: cells.map((c) => c.document.uri),
    comment: '#',
    locate(span) {
      const start = locateOffset(span.start);
      // An empty span at a cell's end must not fall into the next cell.
      const end = span.end === span.start ? start : locateOffset(span.end);
      if (!start || !end || start.cell !== end.cell) return null;
      return { uri: start.cell.document.uri, range: new vscode.Range(start.position, end.position) };
    },
    offsetAt(uri, position) {
      const key = uri.toString();
      const cell = cells.find((c) => c.document.uri.toString() === key);
      const placed = cell && program.cells.find((p) => p.index === cell.index);
      return cell && placed ? placed.offset + cell.document.offsetAt(position) : null;
    },
  };
}

/** The notebook a cell document belongs to. */
export function notebookOfCell(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== CELL_SCHEME) return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
}

/** The source a document is analysed as part of: itself, or its notebook. */
export function sourceForDocument(document: vscode.TextDocument): AnalysisSource | null {
  if (document.uri.scheme === CELL_SCHEME) {
    const notebook = notebookOfCell(document);
    return notebook ? notebookSource(notebook) : null;
  }
  return textDocumentSource(document);
}
