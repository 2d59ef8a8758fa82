/**
 * The options that make `model-doctor check` scale to big repositories, and
 * the run they set up: `--jobs N` (worker threads, default all cores),
 * `--cache` / `--cache-location DIR` (unchanged files are not analysed again),
 * `--config FILE` (rules and `exclude`, default `.model-doctor.json`), what
 * git ignores, and a progress line on a terminal.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analyzer } from '../analyzer';
import type { FileReport } from './analyze-file';
import { type ParsedArgs, UsageError } from './args';
import { analyzeFiles } from './file-runner';
import { IgnoreRules } from '../editor-core/ignore-rules';
import { ProgressLine } from './progress';
import { type ProjectConfig, ProjectConfigError, readProjectConfig } from '../editor-core/project-config';
import { DEFAULT_CACHE_FOLDER, ResultCache } from './result-cache';

export const scaleArgs = { valued: ['jobs', 'cache-location', 'config'], flags: ['cache'] } as const;

export interface ScaleOptions {
  jobs: number;
  cacheFolder: string | null;
  config: ProjectConfig;
  /** Leaves out what git ignores (in walked folders) and what `exclude` names (everywhere). */
  skip: (file: string, isDir: boolean, named: boolean) => boolean;
}

export function parseScaleOptions(args: ParsedArgs, err: NodeJS.WritableStream): ScaleOptions {
  const jobsText = args.options.get('jobs');
  const jobs = jobsText === undefined ? os.availableParallelism() : Number(jobsText);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs must be a whole number of at least 1');
  const location = args.options.get('cache-location');
  const cacheFolder = args.flags.has('cache') || location ? path.resolve(location ?? DEFAULT_CACHE_FOLDER) : null;
  const config = readConfig(args.options.get('config'), (m) => err.write(`model-doctor: ${m}\n`));
  // `exclude` patterns are relative to the folder of the file that sets them, as in a .gitignore.
  const rules = new IgnoreRules(config.file ? path.dirname(config.file) : process.cwd(), config.exclude);
  return {
    jobs,
    cacheFolder,
    config,
    skip: (file, isDir, named) => rules.excluded(file, isDir) || (!named && rules.gitIgnored(file, isDir)),
  };
}

function readConfig(named: string | undefined, warn: (message: string) => void): ProjectConfig {
  try {
    return readProjectConfig(named, warn);
  } catch (error) {
    throw error instanceof ProjectConfigError ? new UsageError(error.message) : error;
  }
}

export async function startRun(
  options: ScaleOptions,
  files: readonly string[],
  analyzer: () => Promise<Analyzer>,
  err: NodeJS.WritableStream,
): Promise<FileReport[]> {
  const analyze = { rules: options.config.rules };
  const cache = options.cacheFolder ? new ResultCache(options.cacheFolder, analyze) : null;
  const progress = new ProgressLine(err, files.length);
  const reports = await analyzeFiles(analyzer, files, {
    jobs: options.jobs,
    cache,
    analyze,
    progress,
    warn: (m) => err.write(`model-doctor: ${m}\n`),
  });
  const problem = cache?.save();
  if (problem) err.write(`model-doctor: ${problem}\n`);
  return reports;
}
