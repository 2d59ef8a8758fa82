/** Analyses one file of any supported kind (notebooks included) into positioned findings. */
import * as path from 'node:path';
import type { AnalysisResult, Analyzer, AnalyzeOptions, Finding, SourceLanguage } from '../analyzer';
import { cellAt, parseNotebook, type NotebookProgram } from '../analyzer/notebook';
import { LineIndex } from '../analyzer/text-index';
import { kindOfFile, readSource } from './files';

export interface PositionedFinding {
  finding: Finding;
  /** 0-based line/character in the file (notebooks: in the cell). */
  start: { line: number; character: number };
  end: { line: number; character: number };
  /** Notebook cell index, when the file is a notebook. */
  cell?: number;
  /** Converts any offset of the analysed text to a position (for fix edits). */
  toPosition(offset: number): { line: number; character: number };
}

export interface FileReport {
  path: string;
  findings: PositionedFinding[];
  /** Why the file could not be analysed, if it could not. */
  error?: string;
  internalErrors: string[];
}

export function analyzeFile(analyzer: Analyzer, file: string, options: AnalyzeOptions = {}): FileReport {
  const failed = (error: string): FileReport => ({ path: file, findings: [], error, internalErrors: [] });
  const source = readSource(file);
  if ('error' in source) return failed(source.error);
  const kind = kindOfFile(file) ?? 'python';
  // What to analyse, and how its offsets map back to the file (a notebook: into its cells).
  let text = source.text;
  let language: SourceLanguage;
  let cellOf: (offset: number) => number | undefined = () => undefined;
  let toCell: ((offset: number) => { line: number; character: number }) | null = null;
  if (kind === 'notebook') {
    let program: NotebookProgram;
    try {
      program = parseNotebook(source.text, path.basename(file));
    } catch (e) {
      return failed((e as Error).message);
    }
    text = program.text;
    language = 'python';
    const cellLines = new Map<number, LineIndex>();
    cellOf = (offset) => cellAt(program, offset)?.cell.index;
    toCell = (offset) => {
      const at = cellAt(program, offset);
      if (!at) return { line: 0, character: 0 };
      let index = cellLines.get(at.cell.index);
      if (!index) cellLines.set(at.cell.index, (index = new LineIndex(at.cell.source)));
      return index.position(at.offset);
    };
  } else if (analyzer.supports(kind)) {
    language = kind;
  } else {
    return failed(`${kind} files are not supported yet`);
  }
  let result: AnalysisResult;
  try {
    result = analyzer.analyze(text, { ...options, language, fileName: file });
  } catch (e) {
    // A file the parser cannot take (e.g. nested too deeply) is reported, and the other files still checked.
    return failed((e as Error).message);
  }
  const toPosition = toCell ?? ((offset: number) => result.lines.position(offset));
  return {
    path: file,
    internalErrors: result.internalErrors,
    findings: result.findings.map((finding) => ({
      finding,
      start: toPosition(finding.span.start),
      end: toPosition(finding.span.end),
      cell: cellOf(finding.span.start),
      toPosition,
    })),
  };
}
