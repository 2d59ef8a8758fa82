/**
 * The contract with the analyzer: the data sources its Python front end
 * records on `fit` load as the code would load them.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadTrainingData } from '../../src/trainer/data';
import { analyze, py } from '../helpers';
import { removeDir, tempDir, writeImageFolder } from './data-fixtures';

const dir = tempDir();
after(() => removeDir(dir));

async function fitSources(code: string) {
  const result = await analyze(code, { fileName: path.join(dir, 'train.py') });
  const fit = result.models[0]?.fits[0];
  assert.ok(fit?.xSource, 'the analyzer found the data source');
  return { source: fit.xSource, labels: fit.ySource };
}

const MODEL = py`
  model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2, activation='softmax')])
  model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
`;

describe('data sources from analysed code', () => {
  it('pd.read_csv with df.drop(label) / df[label]', async () => {
    fs.writeFileSync(path.join(dir, 'table.csv'), 'a,b,label,c\n1,2,0,3\n4,5,1,6\n7,8,0,9\n10,11,1,12\n');
    const sources = await fitSources(py`
      import pandas as pd
      from tensorflow import keras
      df = pd.read_csv('table.csv')
      x = df.drop('label', axis=1)
      y = df['label']
      ${MODEL}
      model.fit(x, y, epochs=3)
    `);
    const data = await loadTrainingData(sources, { baseDirs: [dir], sample: 4 });
    assert.deepEqual(data.xShape, [4, 3]);
    const rows = new Map<number, number[]>();
    for (let i = 0; i < 4; i++) rows.set(data.x[i * 3], [data.x[i * 3 + 1], data.x[i * 3 + 2], data.y[i]]);
    assert.deepEqual(rows.get(4), [5, 6, 1]);
    assert.deepEqual(rows.get(7), [8, 9, 0]);
    assert.equal(data.report.labels, "column 'label' of table.csv");
  });

  it('np.loadtxt with data[:, :-1] / data[:, -1]', async () => {
    fs.writeFileSync(path.join(dir, 'plain.txt'), '1 2 3 0\n4 5 6 1\n7 8 9 0\n');
    const sources = await fitSources(py`
      import numpy as np
      from tensorflow import keras
      data = np.loadtxt('plain.txt')
      x = data[:, :-1]
      y = data[:, -1]
      ${MODEL}
      model.fit(x, y)
    `);
    const data = await loadTrainingData(sources, { baseDirs: [dir], sample: 3 });
    assert.deepEqual(data.xShape, [3, 3]);
    for (let i = 0; i < 3; i++) assert.equal(data.y[i], data.x[i * 3] === 4 ? 1 : 0);
  });

  it('np.load of an .npz with a rescale', async () => {
    const fixtures = path.join(__dirname, '..', 'fixtures', 'data');
    fs.copyFileSync(path.join(fixtures, 'compressed.npz'), path.join(dir, 'd.npz'));
    const sources = await fitSources(py`
      import numpy as np
      from tensorflow import keras
      d = np.load('d.npz')
      x = d['x'] / 255.0
      y = d['y']
      ${MODEL}
      model.fit(x, y)
    `);
    const data = await loadTrainingData(sources, { baseDirs: [dir], sample: 6 });
    assert.ok(Math.max(...data.x) <= 52 / 255 + 1e-6);
    assert.equal(data.report.labels, "d.npz['y']");
  });

  it('image_dataset_from_directory with image_size and color_mode', async () => {
    writeImageFolder(path.join(dir, 'photos'), { cats: 4, dogs: 4 }, { width: 20, height: 20 });
    const sources = await fitSources(py`
      from tensorflow import keras
      train = keras.utils.image_dataset_from_directory('photos', image_size=(10, 12), color_mode='grayscale')
      model = keras.Sequential([keras.Input(shape=(10, 12, 1)), keras.layers.Flatten(), keras.layers.Dense(1, activation='sigmoid')])
      model.compile(optimizer='adam', loss='binary_crossentropy')
      model.fit(train, epochs=2)
    `);
    const data = await loadTrainingData(sources, { baseDirs: [dir], inputShape: [10, 12, 1], decoder: 'pure-js' });
    assert.deepEqual(data.xShape, [8, 10, 12, 1]);
    assert.equal(data.report.origin, 'code');
  });

  it('flow_from_directory with ImageDataGenerator(rescale=1./255)', async () => {
    const sources = await fitSources(py`
      from tensorflow import keras
      from tensorflow.keras.preprocessing.image import ImageDataGenerator
      gen = ImageDataGenerator(rescale=1./255)
      train = gen.flow_from_directory('photos', target_size=(16, 16), class_mode='binary')
      model = keras.Sequential([keras.Input(shape=(16, 16, 3)), keras.layers.Flatten(), keras.layers.Dense(1, activation='sigmoid')])
      model.compile(optimizer='adam', loss='binary_crossentropy')
      model.fit(train, epochs=2)
    `);
    const data = await loadTrainingData(sources, {
      baseDirs: [dir],
      inputShape: [16, 16, 3],
      labelEncoding: 'binary',
      decoder: 'pure-js',
    });
    assert.deepEqual(data.xShape, [8, 16, 16, 3]);
    assert.deepEqual(data.yShape, [8, 1]);
    assert.ok(Math.max(...data.x) <= 1);
    assert.ok(
      data.report.transforms.includes('pixel values multiplied by 1/255 (0–255 → 0–1)'),
      data.report.transforms.join('\n'),
    );
  });
});
