// Movie-review sentiment with an embedding + LSTM, written as a TypeScript
// class. Correct as it stands: one sigmoid unit, binary crossentropy, and
// early stopping on the name tfjs logs (val_acc).
import * as tf from '@tensorflow/tfjs-node';

export interface SentimentConfig {
  vocabularySize: number;
  maxLength: number;
  embeddingSize?: number;
}

export class SentimentModel {
  private model: tf.LayersModel | null = null;

  constructor(private readonly config: SentimentConfig) {}

  build(): tf.LayersModel {
    const { vocabularySize, maxLength, embeddingSize = 64 } = this.config;
    const model = tf.sequential();
    model.add(tf.layers.embedding({inputDim: vocabularySize, outputDim: embeddingSize, inputLength: maxLength}));
    model.add(tf.layers.lstm({units: 32, returnSequences: false, dropout: 0.2}));
    model.add(tf.layers.dense({units: 16, activation: 'relu'}));
    model.add(tf.layers.dense({units: 1, activation: 'sigmoid'}));
    model.compile({
      optimizer: tf.train.adam(1e-3),
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    });
    this.model = model;
    return model;
  }

  async train(sequences: number[][], labels: number[]): Promise<tf.History> {
    const model = this.model ?? this.build();
    const xs = tf.tensor2d(sequences, [sequences.length, this.config.maxLength], 'int32');
    const ys = tf.tensor2d(labels, [labels.length, 1]);
    return model.fit(xs, ys, {
      epochs: 10,
      batchSize: 64,
      validationSplit: 0.2,
      callbacks: [tf.callbacks.earlyStopping({monitor: 'val_acc', patience: 2})],
    });
  }
}
