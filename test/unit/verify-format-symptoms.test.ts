/** The text output of `model-doctor verify`: each run's stop and symptoms, then the likely causes and what each tried fix did. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatVerifyText } from '../../src/cli/verify-format';
import type { VerifyResult } from '../../src/trainer/protocol';

const history = {
  loss: [0.7, 0.7, 0.7],
  accuracy: [0.3, 0.3, 0.3],
  val_loss: [1.1, 1.1, 1.1],
  val_accuracy: [0.33, 0.33, 0.33],
};

const result: VerifyResult = {
  backend: 'tfjs-node',
  seconds: 2.1,
  confirmed: false,
  scaled: {},
  data: {},
  notes: [],
  summary: 'The model cannot learn: every prediction is [0.333, 0.333, 0.334]. Symptoms: dead ReLUs.',
  runs: [
    {
      label: 'as written',
      verdict: 'cannot-learn',
      detail: 'every prediction is [0.333, 0.333, 0.334], accuracy stays at 0.33',
      history,
      probe: [],
      stopped: {
        epoch: 3,
        of: 10,
        reason: 'every prediction has been the same for every input for 3 epochs, at chance accuracy',
      },
      symptoms: [
        {
          kind: 'dead-relu',
          layer: 'Dense (line 5)',
          epoch: 0,
          value: 1,
          threshold: 0.9,
          message:
            'dead ReLUs in Dense (line 5): 64 of 64 units are never positive on the probe batch from initialisation on.',
        },
      ],
    },
    {
      label: 'He initialisation for the ReLU layers',
      verdict: 'learns',
      detail: 'accuracy reaches 0.99 (chance 0.34)',
      history,
      probe: [],
      symptoms: [],
    },
  ],
  diagnosis: {
    causes: [
      {
        cause: 'the initialisation of the ReLU layers',
        evidence: 'Dense (line 5) feeds a ReLU but uses zeros',
        explains: ['dead-relu'],
        fix: 'He initialisation for the ReLU layers',
      },
    ],
    experiments: [
      {
        label: 'He initialisation for the ReLU layers',
        fix: 'he-initializer',
        run: 1,
        verdict: 'learns',
        helps: true,
        finding: 'it learns (accuracy 0.99; as written: cannot-learn, accuracy 0.33); gone: dead ReLUs',
      },
    ],
  },
};

test('each run says where it stopped and its symptoms; the causes say what each tried fix did', () => {
  const text = formatVerifyText(result, { file: 'dead_relu.py', model: 'model', line: 4 });
  assert.ok(
    text.includes(`as written: every prediction is [0.333, 0.333, 0.334], accuracy stays at 0.33
  stopped after epoch 3 of 10: every prediction has been the same for every input for 3 epochs, at chance accuracy
  symptom: dead ReLUs in Dense (line 5): 64 of 64 units are never positive on the probe batch from initialisation on.
He initialisation for the ReLU layers: accuracy reaches 0.99 (chance 0.34)
  no symptom

Likely causes (model as written):
  - the initialisation of the ReLU layers: Dense (line 5) feeds a ReLU but uses zeros
    tried “He initialisation for the ReLU layers”: helps — it learns (accuracy 0.99; as written: cannot-learn, accuracy 0.33); gone: dead ReLUs
`),
    text,
  );
});
