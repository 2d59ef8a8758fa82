/**
 * VS Code documents and notebooks as program sources (src/editor-core/program-source.ts):
 * what gets analysed as one program, and how its spans map back to files and cells.
 */
import * as vscode from 'vscode';
import { languageForFile, type SourceLanguage } from '../analyzer';
import { LineIndex } from '../analyzer/text-index';
import {
  type DocumentText,
  documentSource,
  notebookCellsSource,
  type Position,
  type ProgramSource,
} from '../editor-core/program-source';

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

export interface AnalysisSource extends ProgramSource {
  /** The URI settings are read for (the file, or the notebook). */
  readonly scope: vscode.Uri;
  /** Every URI diagnostics can be published on (the file, or each code cell), as VS Code URIs. */
  readonly documentUris: vscode.Uri[];
}

function documentText(document: vscode.TextDocument): DocumentText {
  return {
    uri: document.uri.toString(),
    text: document.getText(),
    positionAt: (offset) => document.positionAt(offset),
    offsetAt: (p) => document.offsetAt(new vscode.Position(p.line, p.character)),
  };
}

/** An open text document (not a notebook cell). */
export function textDocumentSource(document: vscode.TextDocument): AnalysisSource | null {
  const language = LANGUAGES[document.languageId];
  if (!language || document.uri.scheme === CELL_SCHEME) return null;
  const program = documentSource(documentText(document), {
    version: `${document.version}`,
    language,
    fileName: document.fileName,
  });
  return { ...program, scope: document.uri, documentUris: [document.uri] };
}

/** A file read from disk that is not open in an editor (workspace check). */
export function fileSource(uri: vscode.Uri, text: string): AnalysisSource | null {
  const language = languageForFile(uri.path);
  if (!language) return null;
  const lines = new LineIndex(text);
  const document: DocumentText = {
    uri: uri.toString(),
    text,
    positionAt: (offset) => lines.position(Math.min(Math.max(offset, 0), text.length)),
    offsetAt: (p: Position) => lines.offset(p.line, p.character),
  };
  const program = documentSource(document, { version: 'disk', language, fileName: uri.fsPath });
  return { ...program, scope: uri, documentUris: [uri] };
}

/** The Python code cells of a Jupyter notebook, in execution order when every cell has run, else in document order. */
export function notebookSource(notebook: vscode.NotebookDocument): AnalysisSource | null {
  if (notebook.notebookType !== NOTEBOOK_TYPE) return null;
  const cells = notebook
    .getCells()
    .filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
  const program = notebookCellsSource(
    {
      uri: notebook.uri.toString(),
      // Order, content and execution counts all change the program.
      version:
        `${notebook.version}:` +
        cells.map((c) => `${c.index}.${c.document.version}.${c.executionSummary?.executionOrder ?? ''}`).join(','),
      fileName: notebook.uri.fsPath,
    },
    cells.map((c) => ({
      index: c.index,
      document: documentText(c.document),
      executionOrder: c.executionSummary?.executionOrder ?? null,
    })),
  );
  return { ...program, scope: notebook.uri, documentUris: cells.map((c) => c.document.uri) };
}

/** The VS Code URI behind one of the source's URI strings (kept, so nothing is re-parsed). */
export function uriOf(source: AnalysisSource, uri: string): vscode.Uri {
  return source.documentUris.find((u) => u.toString() === uri) ?? vscode.Uri.parse(uri);
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
