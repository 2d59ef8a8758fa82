/**
 * Time to verdict, command to verdict: runs the built CLI
 * (`node bin/model-doctor.js verify FILE --format json`) as a user would and
 * measures the wall-clock time until it exits, several times.
 *
 *   node scripts/build.mjs && npx tsx bench/time-to-verdict.ts [--runs N] [--backend auto|cpu] [--image-folder PER_CLASS] [FILE] [-- ARGS…]
 *
 * Default FILE: examples/cats_vs_dogs_softmax.py (64×64×1 CNN, 1-unit softmax), 5 runs; ARGS after
 * `--` go to the command (e.g. `-- --input-shape 64,64,1` for examples/cats_vs_dogs_original_report.py).
 * Targets with tfjs-node on a 2-core machine: the seed ≤ 3 s, the original report's model ≤ 5 s.
 * Prints the load average before and after (other jobs inflate the figures) and, per run, where
 * the seconds went (the result's timeline).
 * --image-folder: on the user's data instead of synthetic data: a copy of FILE next to a
 * generated data/cats_and_dogs/{cats,dogs} folder (PER_CLASS 128×96 JPEG photos each, the
 * path the example names), verified with the default sample (640 images).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeImageFolder } from '../test/unit/data-fixtures';

const root = path.join(__dirname, '..');
const all = process.argv.slice(2);
const dashes = all.indexOf('--');
const args = dashes >= 0 ? all.slice(0, dashes) : all;
const extra = dashes >= 0 ? all.slice(dashes + 1) : [];
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const runs = Number(option('runs', '5'));
const backend = option('backend', 'auto');
const perClass = Number(option('image-folder', '0'));
let file = args[0] ?? 'examples/cats_vs_dogs_softmax.py';
let scratch: string | null = null;
if (perClass > 0) {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'time-to-verdict-'));
  writeImageFolder(
    path.join(scratch, 'data', 'cats_and_dogs'),
    { cats: perClass, dogs: perClass },
    { width: 128, height: 96, format: 'jpeg' },
  );
  const copy = path.join(scratch, path.basename(file));
  fs.copyFileSync(path.join(root, file), copy);
  file = copy;
  process.on('exit', () => fs.rmSync(scratch!, { recursive: true, force: true }));
}

if (!fs.existsSync(path.join(root, 'dist', 'cli.js')) || !fs.existsSync(path.join(root, 'dist', 'trainer-worker.js'))) {
  console.error('time-to-verdict: build first (node scripts/build.mjs)');
  process.exit(2);
}

const times: number[] = [];
const loadBefore = os.loadavg();
let last: {
  backend: string;
  confirmed: boolean;
  summary: string;
  scaled: unknown;
  runs: { label: string; verdict: string; stopped?: { epoch: number; of: number } }[];
  timeline?: { planned: number; ready: number[]; runs: { run: number; worker: number; start: number; end: number }[] };
  data: { source: string; report?: { sampled: number; found: number; seconds: number; bytesRead: number } };
} | null = null;
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'bin', 'model-doctor.js'), 'verify', file, '--format', 'json', '--backend', backend, ...extra],
    { cwd: root, encoding: 'utf8' },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    console.error(`time-to-verdict: the CLI failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(2);
  }
  last = JSON.parse(run.stdout);
  times.push(seconds);
  const report = last!.data.report;
  const t = last!.timeline;
  const where = t
    ? `; planned at ${t.planned.toFixed(2)} s, processes ready at ${t.ready.map((r) => r.toFixed(2)).join(', ')} s, runs ${t.runs.map((r) => `${r.run + 1}@${r.worker + 1} ${r.start.toFixed(2)}–${r.end.toFixed(2)}`).join(', ')}`
    : '';
  console.error(
    `run ${i + 1}: ${seconds.toFixed(2)} s (${last!.backend}, confirmed=${last!.confirmed}, data: ${last!.data.source}${report ? `, ${report.sampled} of ${report.found} images loaded in ${report.seconds.toFixed(2)} s` : ''}${where})`,
  );
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const loadAfter = os.loadavg();
console.log(
  `Time to verdict for ${file}${extra.length ? ` ${extra.join(' ')}` : ''} (backend ${backend} → ${last!.backend}), command to verdict, ${runs} runs; load average (1 min) ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after, on ${os.availableParallelism()} cores:`,
);
console.log(
  `  median ${median.toFixed(2)} s, min ${times[0].toFixed(2)} s, max ${times[times.length - 1].toFixed(2)} s`,
);
console.log(
  `  verdicts: ${last!.runs.map((r) => `${r.label} → ${r.verdict}${r.stopped ? ` (stopped after epoch ${r.stopped.epoch} of ${r.stopped.of})` : ''}`).join('; ')}`,
);
console.log(`  confirmed: ${last!.confirmed}`);
const report = last!.data.report;
console.log(
  `  data: ${last!.data.source}${report ? ` (${report.sampled} of ${report.found} images, ${(report.bytesRead / 2 ** 20).toFixed(1)} MB read in ${report.seconds.toFixed(2)} s)` : ''}`,
);
console.log(`  scaled: ${JSON.stringify(last!.scaled)}`);
console.log(`  ${last!.summary}`);
