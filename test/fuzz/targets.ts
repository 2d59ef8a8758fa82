/**
 * What each fuzz target does with an input, and what counts as a failure.
 * Allowed: findings, a source refused as not analysed, a notebook that is not
 * one (a plain error), a DataError about the data. A failure: any other
 * exception (a TypeError or RangeError is a bug, not a message), internal
 * errors caught inside the analyzer, the Python parser no longer working
 * afterwards, or memory above {@link MAX_RSS_BYTES}. Time is the runner's
 * part: it kills a worker stuck on one input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer, isSourceNotAnalysed, type SourceLanguage } from '../../src/analyzer';
import { parseNotebook } from '../../src/analyzer/notebook';
import { DataError, loadTrainingData } from '../../src/trainer/data';
import { encodeImage, fixtureRandom, npyBytes, patternImage } from '../unit/data-fixtures';
import type { FuzzInput, Target } from './inputs';

/** Loading data is allowed a batch of 600 MB and one image of 800 MB; past this something followed a claim. */
export const MAX_RSS_BYTES = 2e9;

export interface Failure {
  kind: 'exception' | 'internal-error' | 'parser-broken' | 'memory' | 'slow';
  message: string;
}

let analyzer: Promise<Analyzer> | undefined;

const CANARY = "import keras\nm = keras.Sequential([keras.layers.Dense(1, activation='softmax', input_shape=(3,))])\n";

function languageOf(ext: string): SourceLanguage {
  if (ext === '.py') return 'python';
  return /^\.(ts|tsx|mts|cts)$/.test(ext) ? 'typescript' : 'javascript';
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function analyse(text: string, language: SourceLanguage, ext: string): Promise<Failure | null> {
  const a = await (analyzer ??= Analyzer.create());
  try {
    const result = a.analyze(text, { language, fileName: `fuzz${ext}` });
    if (result.internalErrors.length > 0) return { kind: 'internal-error', message: result.internalErrors[0] };
  } catch (error) {
    if (!isSourceNotAnalysed(error)) return { kind: 'exception', message: describe(error) };
  }
  // Whatever the input did to the parser, the next file must be analysed as usual.
  if (language === 'python') {
    const canary = a.analyze(CANARY, { language: 'python' });
    if (!canary.findings.some((f) => f.rule === 'softmax-single-unit'))
      return { kind: 'parser-broken', message: 'a known mistake was not found in the file analysed next' };
  }
  return null;
}

async function notebook(text: string): Promise<Failure | null> {
  let program: ReturnType<typeof parseNotebook>;
  try {
    program = parseNotebook(text, 'fuzz.ipynb');
  } catch (error) {
    // JSON that does not parse (SyntaxError) or a clear refusal (Error) is a message for the user; the rest are bugs.
    const plain = error instanceof Error && (error.constructor === Error || error.constructor === SyntaxError);
    return plain ? null : { kind: 'exception', message: describe(error) };
  }
  return analyse(program.text, 'python', '.py');
}

/** Good files to pair a mutated one with, written once per work folder. */
function writeCompanions(work: string): void {
  const n = 24;
  fs.writeFileSync(
    path.join(work, 'good-x.npy'),
    npyBytes({ descr: '<f4', shape: [n, 3], values: new Array(n * 3).fill(1) }),
  );
  fs.writeFileSync(
    path.join(work, 'good-y.npy'),
    npyBytes({ descr: '<i8', shape: [n], values: Array.from({ length: n }, (_, i) => i % 2) }),
  );
  for (const c of ['a', 'b']) {
    fs.mkdirSync(path.join(work, 'images', c), { recursive: true });
    fs.writeFileSync(
      path.join(work, 'images', c, 'good.png'),
      encodeImage(patternImage(0, 8, 8, fixtureRandom(1)), 'png'),
    );
  }
}

async function data(target: Target, input: FuzzInput, work: string, variant: number): Promise<Failure | null> {
  if (!fs.existsSync(path.join(work, 'good-y.npy'))) writeCompanions(work);
  let request: { path: string; labelsPath?: string };
  if (target === 'image') {
    // Old mutated images of other extensions must not pile up in the class folder.
    for (const f of fs.readdirSync(path.join(work, 'images', 'a')))
      if (f !== 'good.png') fs.rmSync(path.join(work, 'images', 'a', f));
    fs.writeFileSync(path.join(work, 'images', 'a', `fuzz${input.ext}`), input.bytes);
    request = { path: 'images' };
  } else {
    const name = `fuzz${input.ext}`;
    fs.writeFileSync(path.join(work, name), input.bytes);
    // An .npy is tried as the inputs and as the labels, in turn.
    if (target === 'npy')
      request = variant % 2 ? { path: 'good-x.npy', labelsPath: name } : { path: name, labelsPath: 'good-y.npy' };
    else request = { path: name };
  }
  try {
    await loadTrainingData(request, {
      baseDirs: [work],
      sample: 16,
      seed: variant,
      decoder: 'pure-js',
      ...(variant % 3 === 2 ? { inputShape: [8, 8, 3] } : {}),
    });
  } catch (error) {
    if (!(error instanceof DataError)) return { kind: 'exception', message: describe(error) };
  }
  return null;
}

/** How a data input is loaded depends on `variant % VARIANTS` (as inputs or labels, with or without an input shape). */
export const VARIANTS = 6;

/** Runs one input; `work` is a folder of the worker's own for data files. */
export async function runInput(target: Target, input: FuzzInput, work: string, variant = 0): Promise<Failure | null> {
  let failure: Failure | null;
  switch (target) {
    case 'python':
    case 'javascript':
      failure = await analyse(input.bytes.toString('utf8'), languageOf(input.ext), input.ext);
      break;
    case 'notebook':
      failure = await notebook(input.bytes.toString('utf8'));
      break;
    default:
      failure = await data(target, input, work, variant);
  }
  const rss = process.memoryUsage().rss;
  if (!failure && rss > MAX_RSS_BYTES)
    failure = { kind: 'memory', message: `${(rss / 1e9).toFixed(2)} GB resident after this input` };
  return failure;
}
