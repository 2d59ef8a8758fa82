// Iris species from four measurements, as an ES module.
// The loss is spelt the Keras way: tfjs only knows camelCase names and
// compile() throws "Unknown loss categorical_crossentropy".
import { sequential, layers, oneHot, tensor1d, tensor2d, train } from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';

const SPECIES = ['setosa', 'versicolor', 'virginica'];

async function loadCsv(file) {
  const text = await readFile(file, 'utf8');
  const rows = text.trim().split('\n').slice(1).map((line) => line.split(','));
  const features = rows.map((r) => r.slice(0, 4).map(Number));
  const labels = rows.map((r) => SPECIES.indexOf(r[4]));
  return {
    xs: tensor2d(features),
    ys: oneHot(tensor1d(labels, 'int32'), SPECIES.length),
  };
}

export function buildModel() {
  const model = sequential({
    layers: [
      layers.dense({units: 10, activation: 'relu', inputShape: [4]}),
      layers.dense({units: 10, activation: 'relu'}),
      layers.dense({units: SPECIES.length, activation: 'softmax'}),
    ],
  });
  model.compile({
    optimizer: train.adam(0.01),
    loss: 'categorical_crossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

export async function run() {
  const {xs, ys} = await loadCsv('iris.csv');
  const model = buildModel();
  const history = await model.fit(xs, ys, {epochs: 100, validationSplit: 0.15, verbose: 0});
  const last = history.history.val_acc.at(-1);
  console.log(`validation accuracy: ${last.toFixed(3)}`);
}

run();
