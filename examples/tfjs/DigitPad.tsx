// A React component that trains a digit classifier in the browser on what the
// user draws. The labels are one-hot (tf.oneHot) but the loss is the sparse
// one, which wants integer class ids: fit() fails with a shape error.
import React, { useRef, useState } from 'react';
import * as tf from '@tensorflow/tfjs';

const NUM_CLASSES = 10;

interface Sample {
  pixels: Float32Array;
  digit: number;
}

function createModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({inputShape: [28, 28, 1], filters: 16, kernelSize: 5, activation: 'relu'}));
  model.add(tf.layers.maxPooling2d({poolSize: [2, 2], strides: [2, 2]}));
  model.add(tf.layers.conv2d({filters: 32, kernelSize: 5, activation: 'relu'}));
  model.add(tf.layers.maxPooling2d({poolSize: [2, 2], strides: [2, 2]}));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({units: NUM_CLASSES, activation: 'softmax'}));
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

export default function DigitPad({ samples }: { samples: Sample[] }) {
  const modelRef = useRef<tf.Sequential | null>(null);
  const [status, setStatus] = useState<string>('not trained');

  async function train(): Promise<void> {
    setStatus('training…');
    const model = createModel();
    modelRef.current = model;
    const xs = tf.tensor4d(
      samples.flatMap((s) => Array.from(s.pixels)),
      [samples.length, 28, 28, 1],
    );
    const ys = tf.oneHot(tf.tensor1d(samples.map((s) => s.digit), 'int32'), NUM_CLASSES);
    await model.fit(xs, ys, {
      epochs: 10,
      batchSize: 32,
      callbacks: {onEpochEnd: (epoch) => setStatus(`epoch ${epoch + 1}`)},
    });
    tf.dispose([xs, ys]);
    setStatus('trained');
  }

  return (
    <div className="digit-pad">
      <button onClick={train} disabled={samples.length === 0}>
        Train on {samples.length} drawings
      </button>
      <p>{status}</p>
    </div>
  );
}
