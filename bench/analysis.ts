/**
 * Analysis speed: time per file and lines per second on generated Keras code,
 * next to the bare tree-sitter parse of the same text.
 * Targets: analysis adds at most 1x the parse time; 1,000 lines under 20 ms.
 *
 *   npx tsx bench/analysis.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer } from '../src/analyzer';
import { loadPythonParser } from '../src/analyzer/python/parser';
import { generatePython } from './generate-python';

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

async function main() {
  const analyzer = await Analyzer.create();
  const parser = await loadPythonParser();
  console.log('| file | lines | bare parse (ms) | full analysis (ms) | analysis beyond parse | lines/s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const inputs: [string, string][] = [];
  for (const lines of [1_000, 10_000, 100_000]) inputs.push([`generated ${lines.toLocaleString('en')} lines`, generatePython(lines)]);
  const examples = path.join(__dirname, '..', 'examples');
  for (const f of fs.readdirSync(examples).filter((f) => f.endsWith('.py')).slice(0, 4)) inputs.push([`examples/${f}`, fs.readFileSync(path.join(examples, f), 'utf8')]);
  for (const [name, text] of inputs) {
    const lines = text.split('\n').length;
    const runs = lines > 50_000 ? 3 : 15;
    analyzer.analyze(text, { language: 'python' }); // warm up
    const parse = time(() => parser.parse(text)!.delete(), runs);
    const full = time(() => analyzer.analyze(text, { language: 'python' }), runs);
    const beyond = (full - parse) / parse;
    console.log(`| ${name} | ${lines} | ${parse.toFixed(2)} | ${full.toFixed(2)} | ${beyond.toFixed(2)}x parse | ${Math.round(lines / (full / 1000)).toLocaleString('en')} |`);
  }
}

main();
