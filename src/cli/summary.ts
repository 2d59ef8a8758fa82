/**
 * `model-doctor summary FILE [--input-shape 64,64,1] [--format text|json]`:
 * each model's layers with output shapes and parameter counts, like Keras's
 * `model.summary()`, without running anything.
 */
import * as path from 'node:path';
import { Analyzer, isSourceNotAnalysed, type AnalysisResult, type AnalyzeOptions } from '../analyzer';
import { cellAt, parseNotebook } from '../analyzer/notebook';
import { summarizeModel, type ModelSummary } from '../analyzer/summary';
import { LineIndex } from '../analyzer/text-index';
import { oneOf, parseArgs, UsageError } from './args';
import { kindOfFile, readSource } from './files';
import { formatSummaryJson, formatSummaryText, type PlacedSummary } from './summary-format';

/** `64,64,1` → [64, 64, 1]; `None`, `?` or an empty item is an unknown dimension. */
export function parseInputShape(text: string): (number | null)[] {
  const dims = text
    .replace(/^[([]|[)\]]$/g, '')
    .split(',')
    .map((s) => s.trim());
  if (dims.length === 0 || (dims.length === 1 && dims[0] === ''))
    throw new UsageError('--input-shape needs at least one dimension, e.g. 64,64,1');
  return dims.map((d) => {
    if (d === '' || /^(none|null|\?)$/i.test(d)) return null;
    if (!/^\d+$/.test(d) || Number(d) <= 0 || !Number.isSafeInteger(Number(d))) {
      throw new UsageError(
        `--input-shape: '${d}' is not a positive integer (write dimensions without the batch axis, e.g. 64,64,1)`,
      );
    }
    return Number(d);
  });
}

export async function runSummary(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const args = parseArgs(argv, ['format', 'input-shape'], []);
  const format = oneOf('format', args.options.get('format'), ['text', 'json'] as const, 'text');
  const shapeText = args.options.get('input-shape');
  const inputShape = shapeText === undefined ? undefined : parseInputShape(shapeText);
  if (args.positionals.length !== 1) throw new UsageError('summary needs exactly one file');
  const file = args.positionals[0];
  const kind = kindOfFile(file);
  if (!kind) throw new UsageError(`${file}: not a Python, JavaScript/TypeScript or notebook file`);
  const source = readSource(file);
  if ('error' in source) {
    err.write(`model-doctor: ${file}: ${source.error}\n`);
    return 2;
  }
  const analyzer = await Analyzer.create();
  let result: AnalysisResult;
  let place: (offset: number) => { line: number; character: number; cell?: number };
  if (kind === 'notebook') {
    let program: ReturnType<typeof parseNotebook>;
    try {
      program = parseNotebook(source.text, path.basename(file));
    } catch (e) {
      err.write(`model-doctor: ${file}: ${(e as Error).message}\n`);
      return 2;
    }
    const analysed = analyzeOrSay(analyzer, program.text, { language: 'python', inputShape }, file, err);
    if (!analysed) return 2;
    result = analysed;
    const cellLines = new Map<number, LineIndex>();
    place = (offset) => {
      const at = cellAt(program, offset);
      if (!at) return { line: 0, character: 0 };
      let index = cellLines.get(at.cell.index);
      if (!index) cellLines.set(at.cell.index, (index = new LineIndex(at.cell.source)));
      return { ...index.position(at.offset), cell: at.cell.index };
    };
  } else {
    if (!analyzer.supports(kind)) {
      err.write(`model-doctor: ${file}: ${kind} files are not supported yet\n`);
      return 2;
    }
    const analysed = analyzeOrSay(analyzer, source.text, { language: kind, fileName: file, inputShape }, file, err);
    if (!analysed) return 2;
    result = analysed;
    place = (offset) => analysed.lines.position(offset);
  }
  const placed: PlacedSummary[] = result.models.map((model) => {
    const summary: ModelSummary = summarizeModel(model, result.shapes);
    const start = place(model.span.start);
    const end = place(model.span.end);
    return { summary, start, end, cell: start.cell };
  });
  out.write(format === 'json' ? formatSummaryJson(placed) : formatSummaryText(placed, file));
  return 0;
}

/** The analysis, or null after saying why the file was not analysed (too large, nested too deeply). */
function analyzeOrSay(
  analyzer: Analyzer,
  text: string,
  options: AnalyzeOptions,
  file: string,
  err: NodeJS.WritableStream,
): AnalysisResult | null {
  try {
    return analyzer.analyze(text, options);
  } catch (e) {
    if (!isSourceNotAnalysed(e)) throw e;
    err.write(`model-doctor: ${file}: not analysed: ${e.message}\n`);
    return null;
  }
}
