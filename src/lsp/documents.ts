/**
 * The documents the client has open, as program sources: text documents
 * (files) and, where the client syncs notebooks (LSP 3.17), each Jupyter
 * notebook's Python code cells as one program.
 */
import { fileURLToPath } from 'node:url';
import {
  type NotebookCell,
  NotebookCellKind,
  type NotebookDocument,
  NotebookDocuments,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { languageForFile, type SourceLanguage } from '../analyzer';
import { documentSource, notebookCellsSource, type ProgramSource } from '../editor-core/program-source';

/** LSP language ids the analyzer has a front end for; other ids fall back to the file's extension. */
const LANGUAGE_IDS: Readonly<Record<string, SourceLanguage>> = {
  python: 'python',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'typescript',
};

export const NOTEBOOK_TYPE = 'jupyter-notebook';

function fileNameOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export class OpenDocuments {
  readonly text = new TextDocuments(TextDocument);
  readonly notebooks = new NotebookDocuments(TextDocument);

  /** The source a document (a file, or one notebook cell) is analysed as part of. */
  sourceFor(uri: string): ProgramSource | null {
    const notebook = this.notebooks.findNotebookDocumentForCell(uri);
    if (notebook) return this.notebookSource(notebook);
    const document = this.text.get(uri);
    return document ? textSource(document) : null;
  }

  /** The source behind a key (a file's or a notebook's URI), if it is still open. */
  sourceByKey(key: string): ProgramSource | null {
    const notebook = this.notebooks.getNotebookDocument(key);
    if (notebook) return this.notebookSource(notebook);
    const document = this.text.get(key);
    return document ? textSource(document) : null;
  }

  /** The version of an open document or cell, for versioned workspace edits. */
  versionOf(uri: string): number | null {
    return (this.notebooks.cellTextDocuments.get(uri) ?? this.text.get(uri))?.version ?? null;
  }

  notebookSource(notebook: NotebookDocument): ProgramSource | null {
    if (notebook.notebookType !== NOTEBOOK_TYPE) return null;
    const cells: { cell: NotebookCell; index: number; document: TextDocument }[] = [];
    notebook.cells.forEach((cell, index) => {
      const document = this.notebooks.getCellTextDocument(cell);
      if (cell.kind === NotebookCellKind.Code && document?.languageId === 'python')
        cells.push({ cell, index, document });
    });
    const order = (cell: NotebookCell) => cell.executionSummary?.executionOrder ?? null;
    return notebookCellsSource(
      {
        uri: notebook.uri,
        // Order, content and execution counts all change the program.
        version: `${notebook.version}:${cells.map((c) => `${c.index}.${c.document.version}.${order(c.cell) ?? ''}`).join(',')}`,
        fileName: fileNameOf(notebook.uri),
      },
      cells.map((c) => ({
        index: c.index,
        executionOrder: order(c.cell),
        document: {
          uri: c.document.uri,
          text: c.document.getText(),
          positionAt: (offset) => c.document.positionAt(offset),
          offsetAt: (position) => c.document.offsetAt(position),
        },
      })),
    );
  }
}

function textSource(document: TextDocument): ProgramSource | null {
  const language = LANGUAGE_IDS[document.languageId] ?? languageForFile(document.uri);
  if (!language) return null;
  const text = document.getText();
  return documentSource(
    {
      uri: document.uri,
      text,
      positionAt: (offset) => document.positionAt(offset),
      offsetAt: (position) => document.offsetAt(position),
    },
    { version: `${document.version}`, language, fileName: fileNameOf(document.uri) },
  );
}
