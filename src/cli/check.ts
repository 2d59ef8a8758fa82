/** `model-doctor check [--format text|json|sarif] [--fix [--unsafe-fixes]] PATH...` */
import * as path from 'node:path';
import { Analyzer } from '../analyzer';
import { analyzeFile, type FileReport } from './analyze-file';
import { oneOf, parseArgs, UsageError } from './args';
import { collectFiles } from './files';
import { fixFile, formatFixes } from './fix';
import { formatJson, formatSarif, formatText } from './format';

export async function runCheck(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const args = parseArgs(argv, ['format'], ['verbose', 'fix', 'unsafe-fixes']);
  const format = oneOf('format', args.options.get('format'), ['text', 'json', 'sarif'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  const analyzer = await Analyzer.create();
  const { files, missing } = collectFiles(args.positionals, (kind) => kind === 'notebook' || analyzer.supports(kind));
  for (const m of missing) err.write(`model-doctor: ${m}: no such file or folder\n`);
  if (missing.length && files.length === 0) return 2;
  if (args.flags.has('unsafe-fixes') && !args.flags.has('fix')) throw new UsageError('--unsafe-fixes goes with --fix');
  if (args.flags.has('fix')) {
    // Fix first; the report below is then of what is left. In json/sarif, stdout stays the one document.
    const options = { unsafe: args.flags.has('unsafe-fixes') };
    const results = files.map((file) => fixFile(analyzer, file, options));
    for (const r of results) if (r.error) err.write(`model-doctor: ${displayPath(r.file)}: ${r.error}\n`);
    (format === 'text' ? out : err).write(formatFixes(results, displayPath, options));
  }
  const reports: FileReport[] = [];
  for (const file of files) {
    const report = analyzeFile(analyzer, file);
    report.path = displayPath(file);
    if (report.error) err.write(`model-doctor: ${report.path}: ${report.error}\n`);
    if (args.flags.has('verbose')) for (const e of report.internalErrors) err.write(`model-doctor: internal: ${e}\n`);
    reports.push(report);
  }
  const text =
    format === 'json' ? formatJson(reports) : format === 'sarif' ? formatSarif(reports) : formatText(reports);
  out.write(text);
  return reports.some((r) => r.findings.some((f) => f.finding.severity === 'error')) ? 1 : 0;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
