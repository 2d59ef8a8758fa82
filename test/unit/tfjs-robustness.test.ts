/** Half-typed code, type errors, JSX/TSX, pathological input: findings for what parses, never a crash. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzer } from '../helpers';
import { analyzeJs, findingsJs, js } from '../tfjs-helpers';

test('half-typed TypeScript: the statement being typed does not hide the others', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';

    export function build(): tf.Sequential {
      const model = tf.sequential();
      model.add(tf.layers.dense({units: 1, activation: 'softmax', inputShape: [4]}));
      model.add(tf.layers.dense({units:
      model.compile({optimizer: 'adam', loss: 'binary_crossentropy'});
      return model;
    }
  `;
  const result = await analyzeJs(text, 'model.ts');
  assert.ok(result.syntaxErrors > 0);
  assert.deepEqual(
    result.findings.map((f) => f.rule),
    ['softmax-single-unit', 'unknown-loss'],
  );
});

test('an unterminated function keeps the findings before it', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    const model = tf.sequential({layers: [tf.layers.dense({units: 1, activation: 'softmax', inputShape: [2]})]});
    model.compile({optimizer: 'sgd', loss: 'mse'});
    function train(xs: tf.Tensor, ys: {
      await model.fit(xs, ys, {epochs:
  `;
  const result = await analyzeJs(text, 'model.ts');
  assert.ok(result.syntaxErrors > 0);
  assert.deepEqual(
    result.findings.map((f) => f.rule),
    ['softmax-single-unit', 'unknown-loss'],
  );
});

test('type errors do not matter: types are never checked', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    const units: string = 1;
    const model: number = tf.sequential();
    model.add(tf.layers.dense({units, activation: 'softmax', inputShape: [3]} as unknown as Foo<Bar>));
    model.compile({optimizer: 'adam', loss: 'binaryCrossentropy'} satisfies NotAType);
    const wrong: tf.Tensor = model!.fit(1, 2, 3);
  `;
  const result = await analyzeJs(text, 'model.ts');
  assert.equal(result.syntaxErrors, 0);
  assert.deepEqual(
    result.findings.map((f) => f.rule),
    ['softmax-single-unit'],
  );
});

test('TSX: a React component that trains on click', async () => {
  const text = js`
    import React, { useState } from 'react';
    import * as tf from '@tensorflow/tfjs';

    function makeModel(): tf.Sequential {
      const model = tf.sequential();
      model.add(tf.layers.dense({units: 64, activation: 'relu', inputShape: [784]}));
      model.add(tf.layers.dense({units: 10, activation: 'softmax'}));
      model.compile({optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']});
      return model;
    }

    export function Trainer({ images, labels }: { images: tf.Tensor2D; labels: number[] }) {
      const [status, setStatus] = useState<string>('idle');
      const onTrain = async () => {
        const model = makeModel();
        const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
        await model.fit(images, ys, {epochs: 5});
        setStatus('done');
      };
      return (
        <div className="trainer">
          <button onClick={onTrain} disabled={status === 'busy'}>Train</button>
          <span>{status}</span>
        </div>
      );
    }
  `;
  const result = await analyzeJs(text, 'Trainer.tsx');
  assert.equal(result.syntaxErrors, 0);
  assert.deepEqual(
    result.findings.map((f) => f.rule),
    ['sparse-loss-one-hot-labels'],
  );
});

test('JSX in .jsx and .js files', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    export const App = () => {
      const train = () => {
        const m = tf.sequential({layers: [tf.layers.dense({units: 1, activation: 'softmax', inputShape: [2]})]});
        m.compile({optimizer: 'adam', loss: 'binaryCrossentropy'});
      };
      return <button onClick={() => train()}>go</button>;
    };
  `;
  for (const fileName of ['App.jsx', 'App.js']) {
    const result = await analyzeJs(text, fileName);
    assert.equal(result.syntaxErrors, 0, fileName);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['softmax-single-unit'],
      fileName,
    );
  }
});

test('.mjs and .cjs are JavaScript', async () => {
  const esm =
    "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential({layers: [tf.layers.dense({units: 1, activation: 'softmax', inputShape: [2]})]});\n";
  const cjs =
    "const tf = require('@tensorflow/tfjs');\nconst m = tf.sequential({layers: [tf.layers.dense({units: 1, activation: 'softmax', inputShape: [2]})]});\n";
  assert.equal((await findingsJs(esm, 'softmax-single-unit', 'm.mjs')).length, 1);
  assert.equal((await findingsJs(cjs, 'softmax-single-unit', 'm.cjs')).length, 1);
});

test('runaway code stays bounded: recursion, infinite loops, huge loops', async () => {
  const text = js`
    import * as tf from '@tensorflow/tfjs';
    function f(n) { return g(n) + f(n - 1); }
    function g(n) { return f(n); }
    f(10);
    while (true) { counter++; }
    const layers = [];
    for (let i = 0; i < 1e9; i++) layers.push(tf.layers.dense({units: 4}));
    const model = tf.sequential({layers: [tf.layers.dense({units: 1, activation: 'softmax', inputShape: [2]})]});
  `;
  const started = Date.now();
  const result = await analyzeJs(text);
  assert.ok(Date.now() - started < 5000);
  assert.deepEqual(
    result.findings.map((f) => f.rule),
    ['softmax-single-unit'],
  );
});

test('code nested beyond what the parser takes is refused with a clear message', async () => {
  const text = `import * as tf from '@tensorflow/tfjs';\nconst x = ${'('.repeat(30000)}1${')'.repeat(30000)};\n`;
  const a = await analyzer();
  assert.throws(() => a.analyze(text, { language: 'javascript', fileName: 'deep.js' }), /nested too deeply/);
});

test('every prefix of every example analyses without internal errors', async () => {
  const dir = 'examples/tfjs';
  const a = await analyzer();
  for (const name of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    for (let end = 0; end <= text.length; end += 53) {
      const result = a.analyze(text.slice(0, end), { fileName: name });
      assert.deepEqual(result.internalErrors, [], `${name} cut at ${end}`);
    }
  }
});
