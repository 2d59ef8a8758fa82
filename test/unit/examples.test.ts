/** The bundled examples: every finding pinned (rule and 1-based line:column), correct models silent. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../../src/cli/analyze-file';
import { analyzer } from '../helpers';

const EXPECTED: Record<string, string[]> = {
  'autoencoder_input_shape_and_linear_layers.py': ['18:17 stacked-linear-layers', '18:53 input-shape-ignored'],
  'cats_vs_dogs_original_report.py': ['27:11 stacked-linear-layers', '28:31 softmax-single-unit'],
  'cats_vs_dogs_softmax.py': ['48:36 softmax-single-unit'],
  'cifar10_categorical_loss_integer_labels.py': ['34:10 categorical-loss-integer-labels'],
  'cifar_too_much_pooling.py': ['16:9 negative-dimension'],
  'digits_cnn_missing_flatten.py': ['21:5 missing-flatten'],
  'flowers_flatten_huge_dense.py': ['17:5 large-dense-after-flatten'],
  'grayscale_missing_channel_axis.py': ['14:5 input-rank-mismatch'],
  'correct_binary_functional.py': [],
  'correct_mnist_cnn.py': [],
  'correct_regression.py': [],
  'correct_subclassed_logits.py': [],
  'early_stopping_val_acc.py': ['24:30 early-stopping-unknown-metric', '27:39 early-stopping-unknown-metric'],
  'fashion_binary_loss_multiclass.py': ['20:38 binary-loss-multiclass'],
  'flowers_output_units_mismatch.py': ['25:11 output-units-mismatch'],
  'house_prices_accuracy_metric.py': ['22:61 accuracy-regression-loss'],
  'learning_rate_too_high.py': ['20:45 learning-rate-too-high'],
  'logits_activation_mismatch.py': ['26:68 logits-activation-mismatch', '31:43 logits-activation-mismatch'],
  'mnist_sparse_loss_one_hot.py': ['39:10 sparse-loss-one-hot-labels'],
  'multilabel_sigmoid_categorical_loss.py': ['18:50 sigmoid-categorical-loss'],
  'spam_categorical_loss_single_unit.py': ['27:42 categorical-loss-single-unit'],
  'typos_in_names.py': [
    '21:33 unknown-activation',
    '24:25 unknown-optimizer',
    '24:39 unknown-loss',
    '24:72 unknown-metric',
  ],
  'notebooks/churn_softmax.ipynb': ['cell 5 5:32 softmax-single-unit'],
};

test('every Python example and notebook is pinned here', () => {
  const onDisk: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'tfjs') walk(path.join(dir, e.name), `${prefix}${e.name}/`);
      else if (/\.(py|ipynb)$/.test(e.name)) onDisk.push(prefix + e.name);
    }
  };
  walk('examples', '');
  assert.deepEqual(onDisk.sort(), Object.keys(EXPECTED).sort());
});

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`examples/${file}`, async () => {
    const report = analyzeFile(await analyzer(), path.join('examples', file));
    assert.equal(report.error, undefined);
    assert.deepEqual(report.internalErrors, []);
    const actual = report.findings.map(
      (f) =>
        `${f.cell === undefined ? '' : `cell ${f.cell + 1} `}${f.start.line + 1}:${f.start.character + 1} ${f.finding.rule}`,
    );
    assert.deepEqual(actual, expected);
  });
}
