/**
 * Time to verdict, command to verdict: runs the built CLI
 * (`node bin/model-doctor.js verify FILE --format json`) as a user would and
 * measures the wall-clock time until it exits, several times.
 *
 *   node scripts/build.mjs && npx tsx bench/time-to-verdict.ts [--runs N] [--backend auto|cpu] [FILE]
 *
 * Default FILE: examples/cats_vs_dogs_softmax.py (64×64×1 CNN, 1-unit softmax). Target: < 15 s with tfjs-node.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const runs = Number(option('runs', '3'));
const backend = option('backend', 'auto');
const file = args[0] ?? 'examples/cats_vs_dogs_softmax.py';

if (!fs.existsSync(path.join(root, 'dist', 'cli.js')) || !fs.existsSync(path.join(root, 'dist', 'trainer-worker.js'))) {
  console.error('time-to-verdict: build first (node scripts/build.mjs)');
  process.exit(2);
}

const times: number[] = [];
let last: { backend: string; confirmed: boolean; summary: string; scaled: unknown; runs: { label: string; verdict: string }[] } | null = null;
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'model-doctor.js'), 'verify', file, '--format', 'json', '--backend', backend], { cwd: root, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    console.error(`time-to-verdict: the CLI failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(2);
  }
  last = JSON.parse(run.stdout);
  times.push(seconds);
  console.error(`run ${i + 1}: ${seconds.toFixed(2)} s (${last!.backend}, confirmed=${last!.confirmed})`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`Time to verdict for ${file} (backend ${backend} → ${last!.backend}), command to verdict, ${runs} runs:`);
console.log(`  median ${median.toFixed(2)} s, min ${times[0].toFixed(2)} s, max ${times[times.length - 1].toFixed(2)} s`);
console.log(`  verdicts: ${last!.runs.map((r) => `${r.label} → ${r.verdict}`).join('; ')}`);
console.log(`  confirmed: ${last!.confirmed}`);
console.log(`  scaled: ${JSON.stringify(last!.scaled)}`);
console.log(`  ${last!.summary}`);
