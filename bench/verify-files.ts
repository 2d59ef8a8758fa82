/**
 * The Python files the training benchmarks (parity, early stop) run over: the ones named on
 * the command line (`FILE=64,64,1` gives a file's input shape when its code takes it from
 * data), else every example, bench case and trainer fixture.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analyzer } from '../src/analyzer';
import { VerifyError } from '../src/trainer/errors';
import { planVerification } from '../src/trainer/plan';
import type { TrainingPlan } from '../src/trainer/spec';

const root = path.join(__dirname, '..');

export function verifyBenchFiles(): { file: string; inputShape?: number[] }[] {
  const given = process.argv.slice(2);
  if (given.length)
    return given.map((a) => {
      const [file, shape] = a.split('=');
      return { file, ...(shape ? { inputShape: shape.split(',').map(Number) } : {}) };
    });
  return ['examples', 'bench/cases', 'test/fixtures/trainer'].flatMap((d) =>
    fs
      .readdirSync(path.join(root, d))
      .filter((f) => f.endsWith('.py'))
      .sort()
      .map((f) => ({ file: path.join(d, f) })),
  );
}

/**
 * The training plan of one benchmark file, as `model-doctor verify` makes it. Where the code does
 * not give the input shape, the editor would ask and the CLI wants --input-shape; a benchmark
 * takes the suggestion, and says so on stderr.
 */
export async function planBenchFile(
  analyzer: Analyzer,
  file: string,
  options: { inputShape?: number[]; epochs?: number } = {},
): Promise<TrainingPlan> {
  const request = {
    source: fs.readFileSync(path.join(root, file), 'utf8'),
    language: 'python' as const,
    fileName: file,
    ...options,
  };
  try {
    return (await planVerification(analyzer, request)).plan;
  } catch (e) {
    if (!(e instanceof VerifyError && e.kind === 'input-shape-unknown' && e.suggestion)) throw e;
    console.error(`${file}: input shape not in the code; using the suggestion ${e.suggestion.join('×')}`);
    return (await planVerification(analyzer, { ...request, inputShape: e.suggestion })).plan;
  }
}
