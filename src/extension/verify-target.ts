/**
 * What "Verify by training" should train, from the command's `{ uri, line }`
 * arguments (or the active editor): the whole program text and a 1-based line
 * inside the model. For a notebook cell that is the notebook's joined program
 * (execution order) and the line mapped into it, so a model defined in one
 * cell and compiled in another trains as the kernel ran it.
 */
import * as vscode from 'vscode';
import type { SourceLanguage } from '../analyzer';
import { LineIndex } from '../analyzer/text-index';
import type { VerifyArgs } from './code-actions';
import { sourceForDocument } from './sources';

export interface VerifyTarget {
  source: string;
  language: SourceLanguage;
  fileName: string;
  /** 1-based line in `source`. */
  line: number;
  /** The file or notebook the program came from. */
  uri: vscode.Uri;
}

export async function verifyTarget(args?: VerifyArgs): Promise<VerifyTarget | null> {
  let document: vscode.TextDocument | undefined;
  let position: vscode.Position;
  if (args && typeof args.uri === 'string') {
    const uri = vscode.Uri.parse(args.uri);
    document =
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
      (await vscode.workspace.openTextDocument(uri));
    position = new vscode.Position(Math.max(0, (Number(args.line) || 1) - 1), 0);
  } else {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return null;
    document = editor.document;
    position = editor.selection.active;
  }
  const source = sourceForDocument(document);
  if (!source) return null;
  const offset = source.offsetAt(document.uri.toString(), document.validatePosition(position));
  if (offset === null) return null;
  return {
    source: source.text,
    language: source.language,
    fileName: source.fileName,
    line: new LineIndex(source.text).line(offset) + 1,
    uri: source.scope,
  };
}
