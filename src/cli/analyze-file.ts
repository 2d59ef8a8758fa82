/** Analyses one file of any supported kind (notebooks included) into positioned findings. */
import { Analyzer, type AnalyzeOptions, type Finding } from '../analyzer';
import { cellAt, parseNotebook } from '../analyzer/notebook';
import { LineIndex } from '../analyzer/text-index';
import { kindOfFile, readSource } from './files';

export interface Position {
  line: number;
  column: number;
}

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
  const source = readSource(file);
  if ('error' in source) return { path: file, findings: [], error: source.error, internalErrors: [] };
  const kind = kindOfFile(file) ?? 'python';
  if (kind === 'notebook') {
    let program;
    try {
      program = parseNotebook(source.text);
    } catch (e) {
      return { path: file, findings: [], error: (e as Error).message, internalErrors: [] };
    }
    const result = analyzer.analyze(program.text, { ...options, language: 'python' });
    const cellLines = new Map<number, LineIndex>();
    const toPosition = (offset: number) => {
      const at = cellAt(program, offset);
      if (!at) return { line: 0, character: 0 };
      let index = cellLines.get(at.cell.index);
      if (!index) cellLines.set(at.cell.index, (index = new LineIndex(at.cell.source)));
      return index.position(at.offset);
    };
    return {
      path: file,
      internalErrors: result.internalErrors,
      findings: result.findings.map((finding) => ({
        finding,
        start: toPosition(finding.span.start),
        end: toPosition(finding.span.end),
        cell: cellAt(program, finding.span.start)?.cell.index,
        toPosition,
      })),
    };
  }
  if (!analyzer.supports(kind)) return { path: file, findings: [], error: `${kind} files are not supported yet`, internalErrors: [] };
  let result;
  try {
    result = analyzer.analyze(source.text, { ...options, language: kind, fileName: file });
  } catch (e) {
    // A file the parser cannot take (e.g. nested too deeply) is reported, and the other files still checked.
    return { path: file, findings: [], error: (e as Error).message, internalErrors: [] };
  }
  const toPosition = (offset: number) => result.lines.position(offset);
  return {
    path: file,
    internalErrors: result.internalErrors,
    findings: result.findings.map((finding) => ({
      finding,
      start: toPosition(finding.span.start),
      end: toPosition(finding.span.end),
      toPosition,
    })),
  };
}
