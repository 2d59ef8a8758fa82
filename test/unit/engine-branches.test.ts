/**
 * The flow engine's one merge, through every branching construct of both
 * languages: a value that only some path sets is undecided afterwards, so no
 * rule fires on it; a value every path sets (or the one path that certainly
 * runs) is known, so rules do fire. The programs are written the way questions
 * and answers write them: configuration read at run time, retry loops, feature
 * detection in `try`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findings, py } from '../helpers';
import { analyzeJs, findingsJs, js } from '../tfjs-helpers';

const SOFTMAX = 'softmax-single-unit';

/** A binary classifier whose output activation is the variable `act`. */
const kerasHead = py`
  model = Sequential()
  model.add(Dense(16, activation='relu', input_shape=(8,)))
  model.add(Dense(1, activation=act))
  model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
`;

const kerasImports = py`
  import sys
  from tensorflow.keras.models import Sequential
  from tensorflow.keras.layers import Dense
`;

function pyProgram(flow: string): string {
  return `${kerasImports}${flow}\n${kerasHead}`;
}

async function pyRules(flow: string): Promise<string[]> {
  return (await findings(pyProgram(flow))).map((f) => f.rule);
}

describe('Python: a value set on a path that may not run is undecided', () => {
  test('`match` on a command-line argument', async () => {
    const flow = py`
      act = 'sigmoid'
      match sys.argv[1]:
          case 'multiclass':
              act = 'softmax'
          case 'binary':
              pass
    `;
    assert.deepEqual(await pyRules(flow), []);
  });

  test('`match` on a known subject picks its case', async () => {
    const flow = py`
      mode = 'multiclass'
      act = 'sigmoid'
      match mode:
          case 'binary':
              act = 'sigmoid'
          case 'multiclass' | 'multilabel':
              act = 'softmax'
          case _:
              act = 'linear'
    `;
    assert.deepEqual(await pyRules(flow), [SOFTMAX]);
  });

  test('`match` whose every case sets the same value', async () => {
    const flow = py`
      match sys.argv[1]:
          case 'a':
              act = 'softmax'
          case _:
              act = 'softmax'
    `;
    assert.deepEqual(await pyRules(flow), [SOFTMAX]);
  });

  test('`while` whose condition is read at run time', async () => {
    const flow = py`
      act = 'sigmoid'
      retries = 0
      while retries < int(sys.argv[2]):
          act = 'softmax'
          retries += 1
    `;
    assert.deepEqual(await pyRules(flow), []);
  });

  test('`while True` with a break on the first pass runs its body once, for sure', async () => {
    const flow = py`
      act = 'sigmoid'
      while True:
          act = 'softmax'
          break
    `;
    assert.deepEqual(await pyRules(flow), [SOFTMAX]);
  });

  test('`while True` that may break before the assignment', async () => {
    const flow = py`
      act = 'sigmoid'
      while True:
          if input('continue? ') == 'n':
              break
          act = 'softmax'
    `;
    assert.deepEqual(await pyRules(flow), []);
  });

  test('`try` whose body may fail before the assignment', async () => {
    const flow = py`
      act = 'sigmoid'
      try:
          with open('config.json') as f:
              config = f.read()
          act = 'softmax'
      except Exception as e:
          print('no config, keeping', act, e)
    `;
    assert.deepEqual(await pyRules(flow), []);
  });

  test('`try` whose body and handler agree', async () => {
    const flow = py`
      try:
          act = 'softmax'
      except ValueError:
          act = 'softmax'
    `;
    assert.deepEqual(await pyRules(flow), [SOFTMAX]);
  });

  test('`try` / `finally` without a handler: the body ran if the code after it runs', async () => {
    const flow = py`
      try:
          act = 'softmax'
      finally:
          print('done')
    `;
    assert.deepEqual(await pyRules(flow), [SOFTMAX]);
  });

  test('handlers of a failed import are not paths: the analysis assumes imports work', async () => {
    const flow = py`
      act = 'sigmoid'
      try:
          import tensorflow_addons as tfa
          act = 'softmax'
      except ImportError:
          tfa = None
    `;
    assert.deepEqual(await pyRules(flow), [SOFTMAX]);
  });

  test('`for` over lines nobody can read', async () => {
    const flow = py`
      act = 'sigmoid'
      for line in open('settings.txt'):
          if line.strip():
              act = 'softmax'
    `;
    assert.deepEqual(await pyRules(flow), []);
  });

  test('`for` over arguments that may be empty', async () => {
    const flow = py`
      act = 'sigmoid'
      for arg in sys.argv[1:]:
          act = 'softmax'
    `;
    assert.deepEqual(await pyRules(flow), []);
  });

  test('`for` over a literal list runs each item', async () => {
    const flow = py`
      for act in ['relu', 'softmax']:
          print(act)
    `;
    assert.deepEqual(await pyRules(flow), [SOFTMAX]);
  });

  test('`for ... else` after a loop without break runs its else', async () => {
    const flow = py`
      act = 'sigmoid'
      for units in [16, 8]:
          pass
      else:
          act = 'softmax'
    `;
    assert.deepEqual(await pyRules(flow), [SOFTMAX]);
  });

  test('a branch that raises leaves nothing behind', async () => {
    const flow = py`
      act = 'softmax'
      if len(sys.argv) > 3:
          act = 'sigmoid'
          raise SystemExit('too many arguments')
    `;
    assert.deepEqual(await pyRules(flow), [SOFTMAX]);
  });

  test('a helper that returns early may not have set the global', async () => {
    const flow = py`
      act = 'sigmoid'
      def configure(path):
          global act
          if not path:
              return
          act = 'softmax'
      configure(sys.argv[1])
    `;
    assert.deepEqual(await pyRules(flow), []);
  });

  test('a returning branch still wrote the global it changed', async () => {
    const flow = py`
      act = 'sigmoid'
      def configure(path):
          global act
          if path.endswith('.json'):
              act = 'softmax'
              return
          print(path)
      configure(sys.argv[1])
    `;
    assert.deepEqual(await pyRules(flow), []);
  });

  test('an attribute set in one arm of an `if` is undecided', async () => {
    const text = py`
      import sys
      from tensorflow import keras

      class Config:
          def __init__(self, multiclass):
              self.act = 'sigmoid'
              if multiclass:
                  self.act = 'softmax'

      cfg = Config('--multi' in sys.argv)
      model = keras.Sequential([keras.layers.Dense(1, activation=cfg.act, input_shape=(8,))])
      model.compile(optimizer='adam', loss='binary_crossentropy')
    `;
    assert.deepEqual(
      (await findings(text)).map((f) => f.rule),
      [],
    );
  });
});

/** A tfjs binary classifier whose output activation is the variable `act`. */
function jsProgram(flow: string): string {
  return `${js`
    const tf = require('@tensorflow/tfjs');
  `}${flow}\n${js`
    const model = tf.sequential();
    model.add(tf.layers.dense({units: 16, activation: 'relu', inputShape: [8]}));
    model.add(tf.layers.dense({units: 1, activation: act}));
    model.compile({optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy']});
  `}`;
}

async function jsRules(flow: string): Promise<string[]> {
  return (await findingsJs(jsProgram(flow))).map((f) => f.rule);
}

describe('JavaScript: a value set on a path that may not run is undecided', () => {
  test('`while` over a queue read at run time', async () => {
    const flow = js`
      let act = 'sigmoid';
      const queue = process.argv.slice(2);
      while (queue.length > 0 && queue.shift() === '--multi') {
        act = 'softmax';
      }
    `;
    assert.deepEqual(await jsRules(flow), []);
  });

  test('`do ... while` runs its body at least once', async () => {
    const flow = js`
      let act = 'sigmoid';
      do {
        act = 'softmax';
      } while (process.env.RETRY === '1');
    `;
    assert.deepEqual(await jsRules(flow), [SOFTMAX]);
  });

  test('`for ... of` over arguments that may be empty', async () => {
    const flow = js`
      let act = 'sigmoid';
      for (const arg of process.argv.slice(2)) {
        act = 'softmax';
      }
    `;
    assert.deepEqual(await jsRules(flow), []);
  });

  test('`for ... of` over a literal array runs each item', async () => {
    const flow = js`
      let act = 'sigmoid';
      for (const a of ['relu', 'softmax']) {
        act = a;
      }
    `;
    assert.deepEqual(await jsRules(flow), [SOFTMAX]);
  });

  test('`try` / `catch`: the block may stop before the assignment', async () => {
    const flow = js`
      let act = 'sigmoid';
      try {
        const config = JSON.parse(require('fs').readFileSync('config.json', 'utf8'));
        console.log(config);
        act = 'softmax';
      } catch (err) {
        console.warn('no config', err);
      }
    `;
    assert.deepEqual(await jsRules(flow), []);
  });

  test('`try` / `finally`: the block ran if the code after it runs', async () => {
    const flow = js`
      let act = 'sigmoid';
      try {
        act = 'softmax';
      } finally {
        console.log('configured');
      }
    `;
    assert.deepEqual(await jsRules(flow), [SOFTMAX]);
  });

  test('`break label` leaves the outer loop: later candidates are never tried', async () => {
    const flow = js`
      let act = 'sigmoid';
      search: for (const candidate of ['softmax', 'relu']) {
        for (const ok of [true]) {
          if (ok) {
            act = candidate;
            break search;
          }
        }
      }
    `;
    assert.deepEqual(await jsRules(flow), [SOFTMAX]);
  });

  test('`continue label` skips the rest of the outer body', async () => {
    const flow = js`
      let act = 'softmax';
      outer: for (const units of [8, 16]) {
        for (const k of [0, 1]) {
          if (k === 0) continue outer;
        }
        act = 'sigmoid';
      }
    `;
    assert.deepEqual(await jsRules(flow), [SOFTMAX]);
  });

  test('`switch` on a value read at run time', async () => {
    const flow = js`
      let act = 'sigmoid';
      switch (process.argv[2]) {
        case 'multi':
          act = 'softmax';
          break;
        default:
          break;
      }
    `;
    assert.deepEqual(await jsRules(flow), []);
  });

  test('a property set in one arm of an `if` is undecided', async () => {
    const flow = js`
      const cfg = {activation: 'sigmoid'};
      if (process.argv.includes('--multi')) cfg.activation = 'softmax';
      const act = cfg.activation;
    `;
    assert.deepEqual(await jsRules(flow), []);
  });
});

describe('TensorFlow.js reassigned in a branch', () => {
  // Nine of the tfjs-examples pick the native backend this way.
  test('`let tf = require(...)` reassigned to tfjs-node in both arms still builds models', async () => {
    const text = js`
      let tf = require('@tensorflow/tfjs');

      function buildModel() {
        const model = tf.sequential();
        model.add(tf.layers.dense({units: 16, activation: 'relu', inputShape: [8]}));
        model.add(tf.layers.dense({units: 1, activation: 'softmax'}));
        model.compile({optimizer: 'adam', loss: 'binaryCrossentropy'});
        return model;
      }

      async function run(args) {
        if (args.gpu) {
          tf = require('@tensorflow/tfjs-node-gpu');
        } else {
          tf = require('@tensorflow/tfjs-node');
        }
        const model = buildModel();
        await model.fit(xs, ys, {epochs: 5});
      }

      run({gpu: process.argv.includes('--gpu')});
    `;
    const result = await analyzeJs(text);
    assert.equal(result.models.length, 1);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      [SOFTMAX],
    );
  });

  test('`let tf;` assigned only in the branches', async () => {
    const text = js`
      let tf;
      async function main() {
        if (process.argv.includes('--gpu')) {
          tf = require('@tensorflow/tfjs-node-gpu');
        } else {
          tf = require('@tensorflow/tfjs-node');
        }
        const model = tf.sequential({layers: [tf.layers.dense({units: 1, activation: 'softmax', inputShape: [4]})]});
        model.compile({optimizer: 'sgd', loss: 'binaryCrossentropy'});
      }
      main();
    `;
    const result = await analyzeJs(text);
    assert.equal(result.models.length, 1);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      [SOFTMAX],
    );
  });

  test('a non-tfjs module in one arm hides the models (the namespace is undecided)', async () => {
    const text = js`
      let tf = require('@tensorflow/tfjs');
      if (process.env.MOCK) tf = require('./fake-tf');
      const model = tf.sequential({layers: [tf.layers.dense({units: 1, activation: 'softmax', inputShape: [4]})]});
      model.compile({optimizer: 'sgd', loss: 'binaryCrossentropy'});
    `;
    const result = await analyzeJs(text);
    assert.deepEqual(result.findings, []);
  });
});
