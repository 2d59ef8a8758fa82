/**
 * Runs the analysis of many files for `model-doctor check`: unchanged files
 * come from the cache, the others are analysed on worker threads (or in this
 * thread for a few files, where starting workers would cost more than it
 * saves), with a progress line on a terminal. Reports come back in input order.
 */
import type { Analyzer, AnalyzeOptions } from '../analyzer';
import { analyzeFile, type FileReport } from './analyze-file';
import type { ProgressLine } from './progress';
import { fromPlainReport, toPlainReport } from './report-transfer';
import { hashFile, type ResultCache } from './result-cache';
import { analyzeOnWorkers, WorkersUnavailable } from './worker-pool';

/**
 * Files per worker below which starting it costs more than it saves: a worker loads the parsers (and, for JS/TS,
 * the TypeScript front end), about 0.4 s of CPU, while a file takes a few ms (bench/RESULTS.md).
 */
const MIN_FILES_PER_WORKER = 100;

export interface RunOptions {
  jobs: number;
  cache: ResultCache | null;
  analyze: AnalyzeOptions;
  progress: ProgressLine | null;
  warn(message: string): void;
}

export async function analyzeFiles(
  analyzer: () => Promise<Analyzer>,
  files: readonly string[],
  options: RunOptions,
): Promise<FileReport[]> {
  const reports: FileReport[] = new Array(files.length);
  const hashes: (string | null)[] = files.map(() => null);
  const todo: number[] = [];
  let done = 0;
  const finished = (index: number, report: FileReport) => {
    reports[index] = report;
    const hash = hashes[index];
    if (options.cache && hash && !report.error) options.cache.set(files[index], hash, toPlainReport(report));
    options.progress?.update(++done, files[index]);
  };
  for (const [index, file] of files.entries()) {
    const hash = options.cache ? hashFile(file) : null;
    hashes[index] = hash;
    const cached = hash && options.cache?.get(file, hash);
    if (cached) {
      // The stored path is the one of the run that stored it.
      reports[index] = { ...fromPlainReport(cached), path: file };
      options.progress?.update(++done, file);
    } else {
      todo.push(index);
    }
  }
  const workers = Math.min(options.jobs, Math.floor(todo.length / MIN_FILES_PER_WORKER));
  if (workers >= 2) {
    const queued = todo.map((i) => files[i]);
    try {
      await analyzeOnWorkers(queued, options.analyze, workers, (k, report) => finished(todo[k], report));
    } catch (error) {
      if (!(error instanceof WorkersUnavailable)) throw error;
      options.warn(`worker threads could not start (${error.message}); analysing in one thread`);
    }
  }
  const left = todo.filter((index) => !reports[index]);
  if (left.length) {
    const loaded = await analyzer();
    for (const index of left) finished(index, analyzeFile(loaded, files[index], options.analyze));
  }
  options.progress?.clear();
  return reports;
}
