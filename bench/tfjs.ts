/**
 * The TensorFlow.js front end: analysis time next to the bare TypeScript parse
 * on generated tfjs code and the examples, and what the lazily loaded front end
 * costs a process (CLI start-up on a .py file vs a .js file, bundle sizes).
 *
 *   node scripts/build.mjs && npx tsx bench/tfjs.ts
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer } from '../src/analyzer';
import { parseSource } from '../src/analyzer/tfjs/parser';
import { generateTfjs } from './generate-tfjs';

const root = path.join(__dirname, '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

async function analysis() {
  const analyzer = await Analyzer.create();
  console.log('| file | lines | bare parse (ms) | full analysis (ms) | analysis beyond parse | lines/s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const inputs: [string, string, string][] = [];
  for (const lines of [1_000, 10_000, 100_000])
    inputs.push([`generated ${lines.toLocaleString('en')} lines`, 'generated.js', generateTfjs(lines)]);
  const examples = path.join(root, 'examples', 'tfjs');
  for (const f of fs.readdirSync(examples).sort())
    inputs.push([`examples/tfjs/${f}`, f, fs.readFileSync(path.join(examples, f), 'utf8')]);
  for (const [name, fileName, text] of inputs) {
    const lines = text.split('\n').length;
    const runs = lines > 50_000 ? 3 : 15;
    analyzer.analyze(text, { fileName }); // warm up
    const parse = time(() => parseSource(text, fileName, 'javascript'), runs);
    const full = time(() => analyzer.analyze(text, { fileName }), runs);
    console.log(
      `| ${name} | ${lines} | ${parse.toFixed(2)} | ${full.toFixed(2)} | ${((full - parse) / parse).toFixed(2)}x parse | ${Math.round(lines / (full / 1000)).toLocaleString('en')} |`,
    );
  }
}

function startup() {
  const cli = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) {
    console.log('\n(dist/ not built: run node scripts/build.mjs for the start-up figures)');
    return;
  }
  const kib = (f: string) =>
    `${Math.round(fs.statSync(path.join(root, 'dist', f)).size / 1024).toLocaleString('en')} KiB`;
  console.log(
    `\nbundles: cli.js ${kib('cli.js')}, extension.js ${kib('extension.js')}, tfjs-front-end.js ${kib('tfjs-front-end.js')}`,
  );
  console.log('\n| `node dist/cli.js check FILE` | median of 15 (ms) |');
  console.log('| --- | ---: |');
  const files = [
    ['a .py file (Python only)', 'examples/cats_vs_dogs_softmax.py'],
    ['a .js file (loads the tfjs front end)', 'examples/tfjs/cats-vs-dogs.js'],
    ['a .ts file', 'examples/tfjs/sentiment.ts'],
  ];
  const runs: Record<string, number[]> = {};
  // Interleaved so that machine noise hits every case alike.
  for (let i = 0; i < 15; i++) {
    for (const [label, file] of files) {
      const t = process.hrtime.bigint();
      spawnSync(process.execPath, [cli, 'check', path.join(root, file)], { stdio: 'ignore' });
      (runs[label] ??= []).push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  for (const [label] of files) console.log(`| ${label} | ${median(runs[label]).toFixed(0)} |`);
}

async function main() {
  await analysis();
  startup();
}

main();
