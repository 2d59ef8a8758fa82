/**
 * Analyses files on worker threads (`--jobs N`), one file at a time per
 * worker so a slow file does not hold up a batch. A worker that dies takes
 * only its current file with it: that file is reported as not analysed and a
 * fresh worker takes over the rest.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzeOptions } from '../analyzer';
import type { FileReport } from './analyze-file';
import { fromPlainReport, type PlainReport } from './report-transfer';

export interface WorkerRequest {
  id: number;
  file: string;
  options: AnalyzeOptions;
}

export type WorkerReply = { id: number; report: PlainReport } | { id: number; failure: string };

/** dist/check-worker.js next to the bundled CLI; run from source (tests), the TypeScript file through tsx. */
function startWorker(): Worker {
  const bundled = path.join(__dirname, 'check-worker.js');
  if (fs.existsSync(bundled)) return new Worker(bundled);
  const source = JSON.stringify(path.join(__dirname, 'check-worker.ts'));
  return new Worker(`require('node:module').createRequire(${source})('tsx/cjs'); require(${source});`, { eval: true });
}

/** Workers that die before analysing anything cannot start here: the caller analyses in its own thread instead. */
export class WorkersUnavailable extends Error {}

export async function analyzeOnWorkers(
  files: readonly string[],
  options: AnalyzeOptions,
  jobs: number,
  onDone: (index: number, report: FileReport) => void,
): Promise<void> {
  let next = 0;
  let failure: string | null = null;
  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = startWorker();
      let current: number | null = null;
      let analysed = 0;
      const feed = () => {
        if (next >= files.length || failure) {
          current = null;
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        const request: WorkerRequest = { id: current, file: files[current], options };
        worker.postMessage(request);
      };
      worker.on('message', (reply: WorkerReply) => {
        const report: FileReport =
          'report' in reply
            ? fromPlainReport(reply.report)
            : {
                path: files[reply.id],
                findings: [],
                error: 'the analyzer failed on this file',
                internalErrors: [reply.failure],
              };
        analysed++;
        onDone(reply.id, report);
        feed();
      });
      const died = (why: string) => {
        if (current === null) return;
        const lost = current;
        current = null;
        if (analysed === 0) {
          // It never worked: stop handing out work; the caller analyses what is left.
          failure = why;
          resolve();
          return;
        }
        onDone(lost, {
          path: files[lost],
          findings: [],
          error: `the analyzer stopped on this file (${why})`,
          internalErrors: [],
        });
        // The rest of the queue goes to a fresh worker.
        void runWorker().then(resolve);
      };
      worker.on('error', (error) => died(error.message));
      worker.on('exit', (code) => died(`worker exited with status ${code}`));
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, runWorker));
  if (failure) throw new WorkersUnavailable(failure);
}
