// Boston-style house price regression in CommonJS.
// Regression with an accuracy metric (exact matches of prices: always ~0)
// and a learning rate Adam cannot cope with.
const tf = require('@tensorflow/tfjs-node');
const { readFileSync } = require('fs');

const FEATURES = ['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'lstat'];

function readRows(file) {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
}

function normalize(tensor) {
  const mean = tensor.mean(0);
  const std = tensor.sub(mean).square().mean(0).sqrt();
  return tensor.sub(mean).div(std);
}

function linearRegressor(hiddenUnits = 32) {
  const model = tf.sequential();
  model.add(tf.layers.dense({units: hiddenUnits, activation: 'relu', inputShape: [FEATURES.length]}));
  model.add(tf.layers.dense({units: hiddenUnits / 2, activation: 'relu'}));
  model.add(tf.layers.dense({units: 1}));
  model.compile({
    optimizer: tf.train.adam(1),
    loss: 'meanSquaredError',
    metrics: ['accuracy'],
  });
  return model;
}

async function main() {
  const rows = readRows('housing.csv');
  const xs = normalize(tf.tensor2d(rows.map((r) => r.slice(0, FEATURES.length))));
  const ys = tf.tensor2d(rows.map((r) => [r[FEATURES.length]]));
  const model = linearRegressor();
  await model.fit(xs, ys, {
    epochs: 200,
    batchSize: 16,
    validationSplit: 0.2,
    callbacks: {
      onEpochEnd: (epoch, logs) => {
        if (epoch % 20 === 0) console.log(epoch, logs.loss.toFixed(2), logs.val_loss.toFixed(2));
      },
    },
  });
}

module.exports = { linearRegressor, main };

if (require.main === module) main();
