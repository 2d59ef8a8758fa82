/**
 * `model-doctor verify FILE [--line N] [--input-shape 64,64,1] [--epochs N]
 * [--samples N] [--data PATH [--labels PATH]] [--sample N] [--synthetic]
 * [--format text|json]`: trains the model as written and each proposed fix side
 * by side and prints the verdict. The data: yours with --data, else the data
 * the code loads when it names data that exists, else synthetic (--synthetic
 * forces it). Exit 0 when it ran, 2 on bad input (with the reason).
 */
import * as path from 'node:path';
import { Analyzer, languageForFile } from '../analyzer';
import { parseNotebook } from '../analyzer/notebook';
import { startVerification, VerifyError, type VerifyEvent, type VerifyRequest, type VerifyResult } from '../trainer';
import { parseShape } from '../trainer/input-shape';
import type { BackendChoice, DataRequest } from '../trainer/protocol';
import { oneOf, parseArgs, UsageError } from './args';
import { readSource } from './files';
import { formatVerifyText } from './verify-format';

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive whole number`);
  return n;
}

/** `--seed N`: a whole number the seeded generator takes as it is (0 to 2³² − 1). */
function seedOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n > 0xffffffff)
    throw new UsageError(`--seed must be a whole number from 0 to 4294967295 (got ${JSON.stringify(value)})`);
  return n;
}

/** `--data`/`--labels`/`--sample`/`--synthetic` → the data request (undefined: synthetic). */
export function dataRequest(options: Map<string, string>, flags: Set<string>): DataRequest | undefined {
  const path = options.get('data');
  const labelsPath = options.get('labels');
  const sample = positiveInt('sample', options.get('sample'));
  if (flags.has('synthetic')) {
    if (path !== undefined || labelsPath !== undefined)
      throw new UsageError('--synthetic trains on generated data; it cannot be combined with --data or --labels');
    if (sample !== undefined)
      throw new UsageError('--sample is the number of examples read from your data; with --synthetic use --samples');
    return undefined;
  }
  if (labelsPath !== undefined && path === undefined)
    throw new UsageError('--labels needs --data (the inputs the labels belong to)');
  if (path === '' || labelsPath === '') throw new UsageError(`--${path === '' ? 'data' : 'labels'} needs a path`);
  const withSample = sample === undefined ? {} : { sample };
  if (path !== undefined) return { path, ...(labelsPath !== undefined ? { labelsPath } : {}), ...withSample };
  return { fromCode: true, ...withSample };
}

export async function runVerify(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const args = parseArgs(
    argv,
    [
      'line',
      'input-shape',
      'epochs',
      'samples',
      'format',
      'backend',
      'time-budget',
      'seed',
      'data',
      'labels',
      'sample',
    ],
    ['full-size', 'synthetic', 'all-epochs'],
  );
  const format = oneOf('format', args.options.get('format'), ['text', 'json'] as const, 'text');
  const backend = oneOf<BackendChoice>(
    'backend',
    args.options.get('backend'),
    ['auto', 'tfjs-node', 'cpu', 'wasm'],
    'auto',
  );
  if (args.positionals.length !== 1) throw new UsageError('verify needs exactly one file');
  const file = args.positionals[0];
  const shapeText = args.options.get('input-shape');
  const inputShape = shapeText === undefined ? undefined : parseShape(shapeText);
  if (inputShape === null)
    throw new UsageError(
      `--input-shape must be positive whole numbers separated by commas, e.g. 64,64,1 (got ${JSON.stringify(shapeText)})`,
    );
  const source = readSource(file);
  if ('error' in source) throw new UsageError(`${file}: ${source.error}`);
  let text = source.text;
  let language = languageForFile(file);
  if (file.toLowerCase().endsWith('.ipynb')) {
    try {
      text = parseNotebook(source.text, path.basename(file)).text;
    } catch (e) {
      throw new UsageError(`${file}: ${(e as Error).message}`);
    }
    language = 'python';
  }
  if (!language) throw new UsageError(`${file}: not a Python, JavaScript or TypeScript file`);
  const data = dataRequest(args.options, args.flags);
  const request: VerifyRequest = {
    source: text,
    language,
    fileName: path.basename(file),
    line: positiveInt('line', args.options.get('line')),
    inputShape,
    epochs: positiveInt('epochs', args.options.get('epochs')),
    samples: positiveInt('samples', args.options.get('samples')),
    timeBudgetSeconds: positiveInt('time-budget', args.options.get('time-budget')),
    seed: seedOption(args.options.get('seed')),
    backend,
    fullSize: args.flags.has('full-size'),
    allEpochs: args.flags.has('all-epochs'),
    data,
    // Relative data paths: from the analysed file's folder, then from where the command runs.
    dataBaseDirs: [path.dirname(path.resolve(file)), process.cwd()],
  };
  const progress = format === 'text' && (err as NodeJS.WriteStream).isTTY;
  const labels: string[] = [];
  const onEvent = (e: VerifyEvent) => {
    if (!progress) return;
    if (e.type === 'started' || e.type === 'runs-added') labels.push(...e.runs.map((r) => r.label));
    if (e.type === 'epoch')
      err.write(
        `\r${labels[e.run] ?? `run ${e.run + 1}`}: epoch ${e.epoch + 1}, loss ${e.logs.loss.toFixed(4)}${e.logs.val_accuracy !== undefined ? `, val_accuracy ${e.logs.val_accuracy.toFixed(2)}` : ''}\x1b[K`,
      );
    if (e.type === 'finished') err.write('\r\x1b[K');
  };
  const verification = startVerification(request, onEvent, { analyzer: Analyzer.create() });
  const stop = () => verification.cancel();
  process.once('SIGINT', stop);
  let result: VerifyResult;
  try {
    result = await verification.done;
  } catch (e) {
    if (e instanceof VerifyError) {
      if (e.kind === 'cancelled') {
        err.write('model-doctor verify: stopped\n');
        return 130;
      }
      if (e.kind === 'input-shape-unknown') {
        err.write(`model-doctor verify: ${e.message}; pass --input-shape ${e.suggestion?.join(',') ?? 'H,W,C'}\n`);
        return 2;
      }
      // Data the code names is used unasked, so say how to do without it.
      const hint =
        e.dataError && data && 'fromCode' in data
          ? ' (the data the code loads; --synthetic trains on generated data instead)'
          : '';
      err.write(`model-doctor verify: ${e.kind === 'failed' ? 'internal error: ' : ''}${e.message}${hint}\n`);
      return 2;
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', stop);
  }
  const planned = await verification.planned;
  if (format === 'json') {
    const json = {
      backend: result.backend,
      runs: result.runs.map((r) => ({
        label: r.label,
        verdict: r.verdict,
        detail: r.detail,
        history: r.history,
        symptoms: r.symptoms.map((s) => ({
          kind: s.kind,
          layer: s.layer,
          epoch: s.epoch,
          value: s.value,
          threshold: s.threshold,
          message: s.message,
        })),
        ...(r.stopped ? { stopped: r.stopped } : {}),
        probe: r.probe,
      })),
      confirmed: result.confirmed,
      seconds: +result.seconds.toFixed(2),
      scaled: result.scaled,
      summary: result.summary,
      data: result.data,
      notes: result.notes,
      ...(result.diagnosis ? { diagnosis: result.diagnosis } : {}),
      ...(result.timeline ? { timeline: result.timeline } : {}),
    };
    out.write(`${JSON.stringify(json)}\n`);
  } else {
    out.write(formatVerifyText(result, { file, model: planned.plan.modelName, line: planned.plan.modelLine }));
  }
  return 0;
}
