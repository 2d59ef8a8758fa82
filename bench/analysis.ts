/**
 * Analysis speed: time per file and lines per second on generated Keras code,
 * next to the bare tree-sitter parse of the same text.
 * Targets: analysis adds at most 1x the parse time; 1,000 lines under 20 ms.
 *
 *   npm run bench:analysis   (bundled like the product; `npx tsx bench/analysis.ts` also works)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer } from '../src/analyzer';
import { loadPythonParser } from '../src/analyzer/python/parser';
import { generateModelDense } from './generate-model-dense';
import { generatePython } from './generate-python';

/**
 * CPU time (user + system, this process's threads: the garbage collector's
 * helpers included) of the fastest of `runs` runs. On a shared 2-core machine
 * other processes only ever add to wall time; CPU time and the minimum are the
 * figures least disturbed by them.
 */
function time(fn: () => void, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

async function main() {
  const analyzer = await Analyzer.create();
  const parser = await loadPythonParser();
  console.log('| file | lines | bare parse (CPU ms) | full analysis (CPU ms) | analysis beyond parse | lines/s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const inputs: [string, string][] = [];
  for (const lines of [1_000, 10_000, 100_000])
    inputs.push([`generated ${lines.toLocaleString('en')} lines`, generatePython(lines)]);
  // Model-dense code: 500 helper-built MLPs and functional CNNs, 20 lines each.
  inputs.push(['model-dense 500 blocks', generateModelDense(500)]);
  // Run from the repository root (npm run bench:analysis): the bundle lives in out/bench.
  const examples = path.resolve('examples');
  for (const f of fs
    .readdirSync(examples)
    .filter((f) => f.endsWith('.py'))
    .slice(0, 4))
    inputs.push([`examples/${f}`, fs.readFileSync(path.join(examples, f), 'utf8')]);
  for (const [name, text] of inputs) {
    const lines = text.split('\n').length;
    const runs = lines > 50_000 ? 5 : 30;
    analyzer.analyze(text, { language: 'python' }); // warm up
    const parse = time(() => parser.parse(text)!.delete(), runs);
    const full = time(() => analyzer.analyze(text, { language: 'python' }), runs);
    const beyond = (full - parse) / parse;
    console.log(
      `| ${name} | ${lines} | ${parse.toFixed(2)} | ${full.toFixed(2)} | ${beyond.toFixed(2)}x parse | ${Math.round(lines / (full / 1000)).toLocaleString('en')} |`,
    );
  }
}

main();
