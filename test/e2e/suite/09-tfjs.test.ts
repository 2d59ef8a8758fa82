/// <reference types="mocha" />
// TensorFlow.js files get the same treatment as Python ones: diagnostics, quick
// fixes spelt the tfjs way, suppression comments with //.
import * as assert from 'node:assert';
import { applyAction, codeOf, diagnostics, quickFixes, scratch, staysClean } from './util';

const MODEL_JS = `import * as tf from '@tensorflow/tfjs';

export function createModel() {
  const model = tf.sequential();
  model.add(tf.layers.dense({units: 16, activation: 'relu', inputShape: [8]}));
  model.add(tf.layers.dense({units: 1, activation: 'softmax'}));
  model.compile({optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']});
  return model;
}
`;

suite('TensorFlow.js files', () => {
  test('a .js file gets diagnostics on the tfjs source, with tfjs-spelt fixes', async () => {
    const doc = await scratch('model.js', MODEL_JS);
    assert.strictEqual(doc.languageId, 'javascript');
    const [d] = await diagnostics(doc.uri, 1);
    assert.deepStrictEqual([codeOf(d), doc.getText(d.range)], ['softmax-single-unit', "'softmax'"]);
    const twoUnits = 'Use 2 units with softmax and sparseCategoricalCrossentropy';
    await applyAction(
      (await quickFixes(doc.uri, d.range)).find((a) => a.title === twoUnits),
      twoUnits,
    );
    assert.strictEqual(
      doc.getText(),
      MODEL_JS.replace("{units: 1, activation: 'softmax'}", "{units: 2, activation: 'softmax'}").replace(
        "loss: 'binaryCrossentropy'",
        "loss: 'sparseCategoricalCrossentropy'",
      ),
    );
    await diagnostics(doc.uri, 0);
    await staysClean(doc.uri);
  });

  test('a Keras-style loss name is an unknown loss, fixed to the camelCase name', async () => {
    const doc = await scratch(
      'loss.js',
      MODEL_JS.replace("{units: 1, activation: 'softmax'}", "{units: 1, activation: 'sigmoid'}").replace(
        "'binaryCrossentropy'",
        "'binary_crossentropy'",
      ),
    );
    const [d] = await diagnostics(doc.uri, 1);
    assert.deepStrictEqual([codeOf(d), doc.getText(d.range)], ['unknown-loss', "'binary_crossentropy'"]);
    const title = "Change to 'binaryCrossentropy'";
    await applyAction(
      (await quickFixes(doc.uri, d.range)).find((a) => a.title === title),
      title,
    );
    assert.match(doc.getText(), /loss: 'binaryCrossentropy'/);
    await diagnostics(doc.uri, 0);
  });

  test('TypeScript React files too, and "ignore" writes a // comment', async () => {
    const tsx = `import * as tf from '@tensorflow/tfjs';
export function Train({ n }: { n: number }) {
  const run = () => {
    const model: tf.Sequential = tf.sequential();
    model.add(tf.layers.dense({units: 1, activation: 'softmax', inputShape: [n]}));
  };
  return <button onClick={run}>train</button>;
}
`;
    const doc = await scratch('Train.tsx', tsx);
    assert.strictEqual(doc.languageId, 'typescriptreact');
    const [d] = await diagnostics(doc.uri, 1);
    const ignore = 'Ignore softmax-single-unit on this line';
    await applyAction(
      (await quickFixes(doc.uri, d.range)).find((a) => a.title === ignore),
      ignore,
    );
    assert.match(doc.getText(), /\/\/ model-doctor: ignore\[softmax-single-unit\]/);
    await diagnostics(doc.uri, 0);
  });
});
