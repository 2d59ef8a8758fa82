/**
 * Values that travel through Python's control and data flow on their way from
 * one layer to the next: a layer call that gives several tensors unpacked into
 * names, a model with several outputs called like a layer, list items written
 * in place, user methods and loops. Each expected shape and count is what
 * Keras 3 gives for the same code (checked with small scripts against the
 * installed Keras); where Keras would refuse the code, or the analyzer cannot
 * tell, the shape stays unknown.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelIR } from '../../src/analyzer/ir';
import { summarizeModel } from '../../src/analyzer/summary';
import { analyze, py } from '../helpers';

type Analysis = Awaited<ReturnType<typeof analyze>>;

function rows(result: Analysis, model: ModelIR) {
  return summarizeModel(model, result.shapes).rows.map((r) => [r.type, r.outputShape, r.params]);
}

const byName = (result: Analysis, name: string) => {
  const model = result.models.find((m) => m.name === name);
  assert.ok(model, `no model named ${name}: ${result.models.map((m) => m.name).join(', ')}`);
  return model;
};

describe('layer calls that give several tensors', () => {
  test('an LSTM encoder-decoder: the states of return_state feed the decoder, and the encoder belongs to the model', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      enc_in = keras.Input(shape=(None, 71))
      enc_out, state_h, state_c = layers.LSTM(256, return_state=True)(enc_in)

      dec_in = keras.Input(shape=(None, 93))
      dec_lstm = layers.LSTM(256, return_sequences=True, return_state=True)
      dec_out, _, _ = dec_lstm(dec_in, initial_state=[state_h, state_c])
      dec_out = layers.Dense(93, activation="softmax")(dec_out)

      model = keras.Model([enc_in, dec_in], dec_out)
    `);
    const model = byName(result, 'model');
    // Keras lists each LSTM's outputs; the table shows the first of them.
    assert.deepEqual(rows(result, model), [
      ['LSTM', [null, 256], 335872],
      ['LSTM', [null, null, 256], 358400],
      ['Dense', [null, null, 93], 23901],
    ]);
    assert.equal(summarizeModel(model, result.shapes).totalParams, 718173);
  });

  test('GRU and SimpleRNN give one state; each unpacked name has its own shape', async () => {
    const result = await analyze(py`
      from tensorflow import keras
      from tensorflow.keras.layers import GRU, SimpleRNN, Dense, Concatenate

      seq_in = keras.Input(shape=(20, 8))
      whole_seq, last_h = GRU(16, return_sequences=True, return_state=True)(seq_in)
      out, h = SimpleRNN(4, return_state=True)(whole_seq)
      joined = Concatenate()([last_h, h])
      model = keras.Model(seq_in, Dense(1)(joined))
    `);
    const model = byName(result, 'model');
    const concat = model.nodes.find((n) => n.layer.type === 'Concatenate')!;
    assert.deepEqual(result.shapes.outputShape(concat), [null, 20]);
    assert.deepEqual(
      concat.inputs.map((n) => result.shapes.outputShape(n)),
      [
        [null, 16],
        [null, 4],
      ],
    );
  });

  test('unpacking more names than the layer gives stays unknown (Keras raises)', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      inp = keras.Input(shape=(20, 8))
      a, b = layers.LSTM(16, return_state=True)(inp)
      model = keras.Model(inp, layers.Dense(1)(b))
    `);
    const model = byName(result, 'model');
    const dense = model.nodes.find((n) => n.layer.type === 'Dense')!;
    assert.equal(result.shapes.outputShape(dense), null);
  });

  test('unpacking the output of a layer that gives one tensor stays unknown', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      inp = keras.Input(shape=(3,))
      a, b = layers.Dense(2)(inp)
      model = keras.Model(inp, layers.Dense(1)(a))
    `);
    // Keras refuses to iterate a symbolic tensor: nothing from the unpacking on has a shape.
    assert.deepEqual(
      rows(result, byName(result, 'model')).map((r) => r[1]),
      [null, null],
    );
  });

  test('an LSTM with return_state used whole (not unpacked) has no single shape', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      inp = keras.Input(shape=(20, 8))
      states = layers.LSTM(16, return_state=True)(inp)
      model = keras.Model(inp, states)
    `);
    const [row] = summarizeModel(byName(result, 'model'), result.shapes).rows;
    assert.equal(row.outputShape, null);
  });
});

describe('a model with several outputs called like a layer', () => {
  test('gives a list: one item replaced in place, then unpacked into feature maps', async () => {
    const result = await analyze(py`
      import keras
      from keras import layers

      def make_backbone():
          inputs = keras.Input(shape=(64, 64, 3))
          x = layers.Conv2D(16, 3, strides=2, padding="same")(inputs)
          c3 = layers.Conv2D(32, 3, strides=2, padding="same")(x)
          c4 = layers.Conv2D(64, 3, strides=2, padding="same")(c3)
          c5 = layers.Conv2D(128, 3, strides=2, padding="same")(c4)
          return keras.Model(inputs, [c3, c4, c5])

      backbone = make_backbone()
      image = keras.Input(shape=(64, 64, 3))
      feats = backbone(image)
      feats[-1] = layers.Conv2D(8, 1)(feats[-1])
      p3, p4, p5 = feats
      p5 = layers.UpSampling2D(4)(p5)
      p4 = layers.UpSampling2D(2)(p4)
      merged = layers.Concatenate()([p3, p4, p5])
      seg = keras.Model(image, layers.Conv2D(1, 1, activation="sigmoid")(merged))
    `);
    const model = byName(result, 'seg');
    assert.deepEqual(rows(result, model), [
      ['Functional', [null, 16, 16, 32], 97440],
      ['Conv2D', [null, 4, 4, 8], 1032],
      ['UpSampling2D', [null, 16, 16, 64], 0],
      ['UpSampling2D', [null, 16, 16, 8], 0],
      ['Concatenate', [null, 16, 16, 104], 0],
      ['Conv2D', [null, 16, 16, 1], 105],
    ]);
    assert.equal(summarizeModel(model, result.shapes).totalParams, 98577);
  });

  test('an item replaced only on some paths is no longer the model output it was', async () => {
    const result = await analyze(py`
      import sys
      import keras
      from keras import layers

      inputs = keras.Input(shape=(32,))
      a = layers.Dense(8)(inputs)
      b = layers.Dense(4)(inputs)
      two = keras.Model(inputs, [a, b])

      x = keras.Input(shape=(32,))
      outs = two(x)
      if len(sys.argv) > 1:
          outs[1] = layers.Dense(6)(outs[1])
      head = layers.Dense(1)(outs[1])
      model = keras.Model(x, head)
    `);
    const model = byName(result, 'model');
    const head = model.nodes[model.nodes.length - 1];
    // Dense(1) on either (None, 4) or (None, 6): the output is certain, the input width is not.
    const dense6 = head.inputs[0];
    assert.ok(dense6.conditional || dense6.layer.conditional);
  });
});
