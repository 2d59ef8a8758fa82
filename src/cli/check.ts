/** `model-doctor check [--format text|json|sarif] [--jobs N] [--cache] PATH...` */
import * as path from 'node:path';
import { Analyzer } from '../analyzer';
import { oneOf, parseArgs, UsageError } from './args';
import { parseScaleOptions, scaleArgs, startRun } from './check-run';
import { collectFiles } from './files';
import { formatJson, formatSarif, formatText } from './format';

export async function runCheck(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const args = parseArgs(argv, ['format', ...scaleArgs.valued], ['verbose', ...scaleArgs.flags]);
  const format = oneOf('format', args.options.get('format'), ['text', 'json', 'sarif'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  const scale = parseScaleOptions(args, err);
  const analyzer = await Analyzer.create();
  const { files, missing } = collectFiles(
    args.positionals,
    (kind) => kind === 'notebook' || analyzer.supports(kind),
    scale.skip,
  );
  for (const m of missing) err.write(`model-doctor: ${m}: no such file or folder\n`);
  if (missing.length && files.length === 0) return 2;
  const reports = await startRun(scale, files, async () => analyzer, err);
  for (const report of reports) {
    report.path = displayPath(report.path);
    if (report.error) err.write(`model-doctor: ${report.path}: ${report.error}\n`);
    if (args.flags.has('verbose')) for (const e of report.internalErrors) err.write(`model-doctor: internal: ${e}\n`);
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
