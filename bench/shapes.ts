/**
 * Shape inference cost: per model of the Keras parity fixture (inference +
 * layer table, the parse excluded), and on synthetic chains of 1,000 and
 * 10,000 layers. Usage: npx tsx bench/shapes.ts
 */
import * as fs from 'node:fs';
import { Analyzer } from '../src/analyzer';
import type { CallSite, Value } from '../src/analyzer/ir';
import { ModelBuilder } from '../src/analyzer/model-builder';
import { inferShapes } from '../src/analyzer/shapes';
import { summarizeModel } from '../src/analyzer/summary';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => void, repeats: number): number {
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    f();
    runs.push(performance.now() - t);
  }
  return median(runs);
}

const span = { start: 0, end: 0 };
const num = (value: number): Value => ({ kind: 'number', value, isInt: true });
function site(args: Record<string, Value>): CallSite {
  return {
    span,
    calleeSpan: span,
    args: new Map(Object.entries(args).map(([k, value]) => [k, { value, span, removal: span, literal: true }])),
    insert: { offset: 0, prefix: '', suffix: '' },
  };
}

function chain(length: number) {
  const builder = new ModelBuilder('python');
  const model = builder.newModel('sequential', 'chain', span);
  builder.addToSequential(
    model,
    builder.newLayer(
      'Conv1D',
      true,
      site({
        filters: num(8),
        kernel_size: num(1),
        input_shape: { kind: 'sequence', items: [num(100), num(8)], tuple: true },
      }),
      false,
    ),
    span,
    false,
  );
  for (let i = 1; i < length; i++) {
    const type = ['Conv1D', 'BatchNormalization', 'Dense'][i % 3];
    builder.addToSequential(
      model,
      builder.newLayer(
        type,
        true,
        site(type === 'Conv1D' ? { filters: num(8), kernel_size: num(1) } : type === 'Dense' ? { units: num(8) } : {}),
        false,
      ),
      span,
      false,
    );
  }
  return model;
}

async function main() {
  const analyzer = await Analyzer.create();
  const fixture = JSON.parse(fs.readFileSync('test/fixtures/keras-parity.json', 'utf8')) as {
    cases: { file: string; source: string; inputShape: number[] | null }[];
  };
  const perModel: number[] = [];
  let layers = 0;
  for (const c of fixture.cases) {
    const result = analyzer.analyze(c.source, { language: 'python', inputShape: c.inputShape ?? undefined });
    layers += result.models.reduce((n, m) => n + m.nodes.length, 0);
    const options = { inputShape: c.inputShape ?? undefined };
    perModel.push(
      time(() => {
        const shapes = inferShapes(result.models, options);
        for (const m of result.models) summarizeModel(m, shapes);
      }, 50),
    );
  }
  console.log(
    `parity fixture: ${fixture.cases.length} models, ${layers} tensors; inference + table per model: median ${median(perModel).toFixed(3)} ms, max ${Math.max(...perModel).toFixed(3)} ms`,
  );
  for (const length of [1000, 10000]) {
    const model = chain(length);
    time(() => summarizeModel(model, inferShapes([model])), 3); // warm-up
    const infer = time(() => inferShapes([model]), 9);
    const shapes = inferShapes([model]);
    const table = time(() => summarizeModel(model, shapes), 9);
    console.log(`chain of ${length} layers: inference ${infer.toFixed(1)} ms, layer table ${table.toFixed(1)} ms`);
  }
}
main();
