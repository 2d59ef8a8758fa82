// Cats vs dogs on Node.js: a small CNN trained on JPEGs read from disk.
// Two classes, one output unit... with softmax, so every prediction is 1.0
// and accuracy stays at 0.50 whatever the data.
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs-node');

const IMAGE_SIZE = 128;
const DATA_DIR = path.join(__dirname, 'data', 'train');

function loadImage(file) {
  const buffer = fs.readFileSync(file);
  return tf.tidy(() => tf.node.decodeImage(buffer, 3)
    .resizeBilinear([IMAGE_SIZE, IMAGE_SIZE])
    .toFloat()
    .div(255));
}

function loadDataset() {
  const images = [];
  const labels = [];
  for (const [label, folder] of [[0, 'cats'], [1, 'dogs']]) {
    for (const name of fs.readdirSync(path.join(DATA_DIR, folder))) {
      images.push(loadImage(path.join(DATA_DIR, folder, name)));
      labels.push(label);
    }
  }
  return {xs: tf.stack(images), ys: tf.tensor2d(labels, [labels.length, 1])};
}

function createModel() {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({
    inputShape: [IMAGE_SIZE, IMAGE_SIZE, 3],
    filters: 32,
    kernelSize: 3,
    activation: 'relu',
  }));
  model.add(tf.layers.maxPooling2d({poolSize: 2}));
  model.add(tf.layers.conv2d({filters: 64, kernelSize: 3, activation: 'relu'}));
  model.add(tf.layers.maxPooling2d({poolSize: 2}));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({units: 128, activation: 'relu'}));
  model.add(tf.layers.dropout({rate: 0.5}));
  model.add(tf.layers.dense({units: 1, activation: 'softmax'}));

  model.compile({
    optimizer: tf.train.adam(0.0001),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

async function main() {
  const {xs, ys} = loadDataset();
  const model = createModel();
  model.summary();
  await model.fit(xs, ys, {
    epochs: 30,
    batchSize: 32,
    validationSplit: 0.2,
    shuffle: true,
    callbacks: [tf.callbacks.earlyStopping({monitor: 'val_accuracy', patience: 5})],
  });
  await model.save('file://./cats-vs-dogs-model');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
