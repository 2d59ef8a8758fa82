/**
 * `model-doctor check [--format text|json|sarif] [--jobs N] [--cache] [--fix [--unsafe-fixes]] PATH...`. Exit 0: no errors;
 * 1: errors found; 2: some file was not analysed (missing, unreadable, binary, too large, nested too
 * deeply, a broken notebook), reported with the findings of the others, or a usage error.
 */
import * as path from 'node:path';
import { Analyzer } from '../analyzer';
import type { FileReport } from './analyze-file';
import { oneOf, parseArgs, UsageError } from './args';
import { parseScaleOptions, scaleArgs, startRun } from './check-run';
import { collectFiles } from './files';
import { applyFixes, FIX_FLAGS } from './fix';
import { formatJson, formatSarif, formatText } from './format';

export async function runCheck(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const args = parseArgs(argv, ['format', ...scaleArgs.valued], ['verbose', ...scaleArgs.flags, ...FIX_FLAGS]);
  const format = oneOf('format', args.options.get('format'), ['text', 'json', 'sarif'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  const scale = parseScaleOptions(args, err);
  const analyzer = await Analyzer.create();
  const { files, missing } = collectFiles(
    args.positionals,
    (kind) => kind === 'notebook' || analyzer.supports(kind),
    scale.skip,
  );
  // Fix first (--fix); the report below is then of what is left.
  applyFixes(analyzer, files, args.flags, format, { out, err, displayPath });
  // A path that is not there is not analysed either: it is reported with the others, never silently passed.
  const reports: FileReport[] = missing.map((m) => ({
    path: m,
    findings: [],
    error: 'no such file or folder',
    internalErrors: [],
  }));
  for (const report of await startRun(scale, files, async () => analyzer, err)) {
    report.path = displayPath(report.path);
    if (args.flags.has('verbose')) for (const e of report.internalErrors) err.write(`model-doctor: internal: ${e}\n`);
    reports.push(report);
  }
  // The text report lists files not analysed itself; JSON and SARIF carry them too, and stderr says so for people.
  if (format !== 'text')
    for (const r of reports) if (r.error) err.write(`model-doctor: ${r.path}: not analysed: ${r.error}\n`);
  const text =
    format === 'json' ? formatJson(reports) : format === 'sarif' ? formatSarif(reports) : formatText(reports);
  out.write(text);
  return checkExitCode(reports);
}

/** 2 when any file was not analysed (the report is incomplete), else 1 when errors were found, else 0. */
function checkExitCode(reports: FileReport[]): number {
  if (reports.some((r) => r.error !== undefined)) return 2;
  return reports.some((r) => r.findings.some((f) => f.finding.severity === 'error')) ? 1 : 0;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
