/**
 * A worker thread of `model-doctor check --jobs N`: its own analyzer (parsers
 * included), analysing one file per message and answering with a plain report.
 * Bundled as dist/check-worker.js.
 */
import { parentPort } from 'node:worker_threads';
import { Analyzer } from '../analyzer';
import { analyzeFile } from './analyze-file';
import { toPlainReport } from './report-transfer';
import type { WorkerReply, WorkerRequest } from './worker-pool';

const port = parentPort;
if (!port) throw new Error('check-worker runs as a worker thread');
const analyzer = Analyzer.create();

port.on('message', async (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const report = analyzeFile(await analyzer, request.file, request.options);
    reply = { id: request.id, report: toPlainReport(report) };
  } catch (error) {
    reply = { id: request.id, failure: (error as Error).stack ?? String(error) };
  }
  port.postMessage(reply);
});
