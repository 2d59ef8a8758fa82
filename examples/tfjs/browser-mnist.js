// MNIST in the browser: tfjs and tfjs-vis are loaded with <script> tags, so
// `tf` and `tfvis` are globals. The hidden layer asks for an activation tfjs
// does not have ('leaky_relu' is a Keras name; tfjs has a leakyReLU layer).
/* global tf, tfvis */

const IMAGE_WIDTH = 28;
const IMAGE_HEIGHT = 28;
const NUM_CLASSES = 10;

function getModel() {
  const model = tf.sequential();
  model.add(tf.layers.flatten({inputShape: [IMAGE_WIDTH, IMAGE_HEIGHT, 1]}));
  model.add(tf.layers.dense({units: 128, activation: 'leaky_relu'}));
  model.add(tf.layers.dense({units: NUM_CLASSES, activation: 'softmax'}));
  model.compile({
    optimizer: tf.train.adam(),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

async function train(model, data) {
  const container = {name: 'Model Training', tab: 'Model', styles: {height: '1000px'}};
  const fitCallbacks = tfvis.show.fitCallbacks(container, ['loss', 'val_loss', 'acc', 'val_acc'], {callbacks: ['onEpochEnd']});

  const [trainXs, trainYs] = tf.tidy(() => {
    const d = data.nextTrainBatch(5500);
    return [d.xs.reshape([5500, IMAGE_WIDTH, IMAGE_HEIGHT, 1]), d.labels];
  });
  const [testXs, testYs] = tf.tidy(() => {
    const d = data.nextTestBatch(1000);
    return [d.xs.reshape([1000, IMAGE_WIDTH, IMAGE_HEIGHT, 1]), d.labels];
  });

  return model.fit(trainXs, trainYs, {
    batchSize: 512,
    validationData: [testXs, testYs],
    epochs: 10,
    shuffle: true,
    callbacks: fitCallbacks,
  });
}

document.addEventListener('DOMContentLoaded', async () => {
  const data = new MnistData();
  await data.load();
  const model = getModel();
  tfvis.show.modelSummary({name: 'Model Architecture', tab: 'Model'}, model);
  await train(model, data);
});
