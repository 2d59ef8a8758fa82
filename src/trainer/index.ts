/**
 * The trainer's entry point for the extension and the CLI: plan in this
 * process (the analyzer is here), train in a child process (never in the
 * extension host), stream its events, cancel by killing it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analyzer } from '../analyzer';
import { TFJS_NODE_PATH_ENV } from './backend';
import { VerifyError } from './errors';
import { planVerification, type PlannedVerification } from './plan';
import type { VerifyEvent, VerifyRequest, VerifyResult } from './protocol';
import { Coordinator, type WorkerHandle } from './coordinator';
import type { ParentMessage, WorkerMessage } from './worker';

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
  /** Training processes to spread the runs over (default: one per core, at most two). */
  workers?: number;
}

export interface Verification {
  /** Kills the child process at once; `done` rejects with a `cancelled` VerifyError. */
  cancel(): void;
  done: Promise<VerifyResult>;
  /** The plan (model picked, fixes turned into variants); rejects like `done` on bad input. */
  planned: Promise<PlannedVerification>;
  /** The first training process, for tests and diagnostics. */
  readonly child: ChildProcess;
  /** Every training process (runs are spread over them). */
  readonly children: ChildProcess[];
}

function defaultWorker(): { script: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'trainer-worker.js');
  if (fs.existsSync(bundled)) return { script: bundled, execArgv: [] };
  const source = path.join(__dirname, 'worker.ts');
  if (fs.existsSync(source)) return { script: source, execArgv: ['--import', 'tsx'] };
  throw new VerifyError('failed', `the trainer worker is missing (looked for ${bundled}); run the build`);
}

/** Training processes for a verification: one per core, at most two (runs of one model train one after another). */
function workerCount(options: StartOptions): number {
  if (options.workers !== undefined) return Math.max(1, Math.floor(options.workers));
  return Math.min(2, Math.max(1, os.availableParallelism()));
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
  const spawn = () =>
    fork(worker.script, [request.backend ?? 'auto'], {
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
  // Start the children first: they load TensorFlow while this process analyses the source.
  const children: ChildProcess[] = Array.from({ length: workerCount(options) }, spawn);
  let stderr = '';
  for (const child of children)
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
  const stopChildren = (kill: boolean) => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      if (kill) child.kill('SIGKILL');
      else if (child.connected) child.disconnect();
    }
  };
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
    stopChildren(true);
    rejectDone(error);
  };
  const planned = (async () => {
    if (options.planned) return options.planned;
    const analyzer = await options.analyzer;
    return planVerification(analyzer, request, request.lenientLine);
  })();
  let coordinator: Coordinator | null = null;
  const handles: WorkerHandle[] = children.map((child) => ({
    send: (message: ParentMessage) => {
      if (child.connected) child.send(message);
    },
  }));
  planned.then(
    (p) => {
      if (settled) return;
      // Fixes that could not become a variant are reported in the result's notes.
      const skippedNotes = p.skipped.map((s) => `fix not trained: ${s}`);
      coordinator = new Coordinator(
        p.plan,
        p.plan.variants[0].spec,
        handles,
        onEvent,
        (result) => {
          if (settled) return;
          result.seconds = (Date.now() - started) / 1000;
          result.notes.push(...skippedNotes);
          onEvent({ type: 'finished', result });
          settled = true;
          stopChildren(false);
          resolveDone(result);
        },
        started,
      );
    },
    (e) => fail(e instanceof VerifyError ? e : new VerifyError('failed', (e as Error).stack ?? String(e))),
  );
  children.forEach((child, i) => {
    child.on('message', (message: WorkerMessage) => {
      if (settled) return;
      if (message.type === 'error') {
        fail(
          new VerifyError(
            message.kind === 'bad-input' ? 'bad-input' : 'failed',
            message.message,
            undefined,
            message.dataError,
          ),
        );
        return;
      }
      coordinator?.receive(handles[i], message, handles);
    });
    child.on('exit', (code, signal) => {
      if (settled || cancelled) return;
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      fail(
        new VerifyError(
          'failed',
          `the training process ended unexpectedly (${why})${stderr.trim() ? `:\n${stderr.trim()}` : ''}`,
        ),
      );
    });
    child.on('error', (e) => fail(new VerifyError('failed', `could not start the training process: ${e.message}`)));
  });
  planned.catch(() => undefined);
  return {
    child: children[0],
    children,
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
