/**
 * The trainer's entry point for the extension and the CLI: plan in this
 * process (the analyzer is here), train in a child process (never in the
 * extension host), stream its events, cancel by killing it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analyzer } from '../analyzer';
import { TFJS_NODE_PATH_ENV } from './backend';
import { VerifyError } from './errors';
import { planVerification, type PlannedVerification } from './plan';
import type { VerifyEvent, VerifyRequest, VerifyResult } from './protocol';
import type { ParentMessage } from './worker';

export interface StartOptions {
  analyzer: Analyzer | Promise<Analyzer>;
  /** The worker script; default: dist/trainer-worker.js next to this bundle, or src/trainer/worker.ts through tsx in development. */
  workerPath?: string;
  /** The Node.js executable for the child (default: this process's). */
  execPath?: string;
  /** The request planned already (the editor plans first, to ask for a missing input shape); default: planned here. */
  planned?: PlannedVerification;
  /**
   * Where an installed @tensorflow/tfjs-node lives when this package cannot
   * resolve it (the VS Code package does not ship native TensorFlow).
   */
  tfjsNodePath?: string;
}

export interface Verification {
  /** Kills the child process at once; `done` rejects with a `cancelled` VerifyError. */
  cancel(): void;
  done: Promise<VerifyResult>;
  /** The plan (model picked, fixes turned into variants); rejects like `done` on bad input. */
  planned: Promise<PlannedVerification>;
  /** The child process, for tests and diagnostics. */
  readonly child: ChildProcess;
}

function defaultWorker(): { script: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'trainer-worker.js');
  if (fs.existsSync(bundled)) return { script: bundled, execArgv: [] };
  const source = path.join(__dirname, 'worker.ts');
  if (fs.existsSync(source)) return { script: source, execArgv: ['--import', 'tsx'] };
  throw new VerifyError('failed', `the trainer worker is missing (looked for ${bundled}); run the build`);
}

export function startVerification(
  request: VerifyRequest,
  onEvent: (event: VerifyEvent) => void,
  options: StartOptions,
): Verification {
  const started = Date.now();
  const worker = options.workerPath
    ? { script: options.workerPath, execArgv: options.workerPath.endsWith('.ts') ? ['--import', 'tsx'] : [] }
    : defaultWorker();
  // Start the child first: it loads TensorFlow while this process analyses the source.
  const child = fork(worker.script, [request.backend ?? 'auto'], {
    execPath: options.execPath ?? process.execPath,
    execArgv: worker.execArgv,
    env: {
      ...process.env,
      TF_CPP_MIN_LOG_LEVEL: '2',
      ELECTRON_RUN_AS_NODE: '1',
      ...(options.tfjsNodePath ? { [TFJS_NODE_PATH_ENV]: options.tfjsNodePath } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let settled = false;
  let cancelled = false;
  let resolveDone!: (r: VerifyResult) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<VerifyResult>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  const fail = (error: VerifyError) => {
    if (settled) return;
    settled = true;
    if (error.kind !== 'cancelled')
      onEvent({
        type: 'error',
        message: error.message,
        kind: error.kind === 'failed' ? 'failed' : 'bad-input',
        ...(error.dataError ? { dataError: error.dataError } : {}),
      });
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rejectDone(error);
  };
  const planned = (async () => {
    if (options.planned) return options.planned;
    const analyzer = await options.analyzer;
    return planVerification(analyzer, request, request.lenientLine);
  })();
  let skippedNotes: string[] = [];
  planned.then(
    (p) => {
      if (settled) return;
      const message: ParentMessage = { type: 'train', plan: p.plan };
      // Fixes that could not become a variant are reported in the result's notes.
      skippedNotes = p.skipped.map((s) => `fix not trained: ${s}`);
      child.send(message);
    },
    (e) => fail(e instanceof VerifyError ? e : new VerifyError('failed', (e as Error).stack ?? String(e))),
  );
  child.on('message', (event: VerifyEvent) => {
    if (settled) return;
    if (event.type === 'finished') {
      event.result.seconds = (Date.now() - started) / 1000;
      event.result.notes.push(...skippedNotes);
      onEvent(event);
      settled = true;
      resolveDone(event.result);
      return;
    }
    if (event.type === 'error') {
      fail(
        new VerifyError(event.kind === 'bad-input' ? 'bad-input' : 'failed', event.message, undefined, event.dataError),
      );
      return;
    }
    onEvent(event);
  });
  child.on('exit', (code, signal) => {
    if (settled) return;
    if (cancelled) return;
    const why = signal ? `signal ${signal}` : `exit code ${code}`;
    fail(
      new VerifyError(
        'failed',
        `the training process ended unexpectedly (${why})${stderr.trim() ? `:\n${stderr.trim()}` : ''}`,
      ),
    );
  });
  child.on('error', (e) => fail(new VerifyError('failed', `could not start the training process: ${e.message}`)));
  planned.catch(() => undefined);
  return {
    child,
    planned,
    done,
    cancel() {
      if (settled) return;
      cancelled = true;
      fail(new VerifyError('cancelled', 'verification stopped'));
    },
  };
}

export type { PlannedVerification } from './plan';
export { VerifyError } from './errors';
export type { VerifyEvent, VerifyRequest, VerifyResult } from './protocol';
