/**
 * The Python files the training benchmarks (parity, early stop) run over: the ones named on
 * the command line (`FILE=64,64,1` gives a file's input shape when its code takes it from
 * data), else every example, bench case and trainer fixture.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

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
