/**
 * Symptom detection, causes, mechanical fixes and early stopping on measured
 * traces (no training): each threshold is crossed just above and just below.
 * test/unit/trainer-symptoms.slow.test.ts provokes each symptom on a small model.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { settledVerdict } from '../../src/trainer/early-stop';
import type { History, LayerProbe, RunResult, Symptom } from '../../src/trainer/protocol';
import type { ModelSpec, NodeSpec } from '../../src/trainer/spec';
import { applyMechanicalFix, type InputRange, likelyCauses } from '../../src/trainer/symptoms/causes';
import { detectSymptoms, type RunTrace } from '../../src/trainer/symptoms/detect';
import { chooseExperiments, diagnosisSentence, judgeExperiment } from '../../src/trainer/symptoms/experiments';
import { THRESHOLDS } from '../../src/trainer/symptoms/thresholds';
import type { PredictionSummary } from '../../src/trainer/verdict';

const varied: PredictionSummary = { constant: false, sameClass: false, nonFinite: false, firstRow: [0.3], spread: 0.6 };
const constant = (v = 1): PredictionSummary => ({
  constant: true,
  sameClass: true,
  nonFinite: false,
  firstRow: [v],
  spread: 0,
});

function history(loss: number[], accuracy?: number[]): History {
  return {
    loss,
    val_loss: loss,
    accuracy: accuracy ?? loss.map(() => 0.5),
    val_accuracy: accuracy ?? loss.map(() => 0.5),
  };
}

/** A two-layer model: Dense relu (n0, line 5) → Dense sigmoid output (n1, line 6). */
function trace(over: Partial<RunTrace> & { loss: number[] }, probe?: (epoch: number) => LayerProbe[]): RunTrace {
  const { loss, ...rest } = over;
  const layers = (epoch: number): LayerProbe[] =>
    probe
      ? probe(epoch)
      : [
          { id: 'n0', label: 'Dense (line 5)', grad: 0.1, weight: 1, dead: 0.1, units: 10 },
          { id: 'n1', label: 'Dense (line 6)', grad: 0.1, weight: 1, saturated: 0 },
        ];
  return {
    history: history(loss),
    probe: [0, ...loss.map((_, i) => i + 1)].map((epoch) => ({ epoch, layers: layers(epoch) })),
    predictions: loss.map(() => varied),
    task: 'classification',
    classes: 2,
    majorityRate: 0.5,
    validationSize: 128,
    lossId: 'binary_crossentropy',
    outputUnits: 1,
    layers: [
      { id: 'n0', label: 'Dense (line 5)', activation: 'relu', output: false },
      { id: 'n1', label: 'Dense (line 6)', activation: 'sigmoid', output: true },
    ],
    ...rest,
  };
}

const kinds = (s: Symptom[]) => s.map((x) => x.kind);
const learning = [0.6, 0.4, 0.3, 0.25, 0.2, 0.18];

test('a run that learns smoothly has no symptom', () => {
  assert.deepEqual(
    detectSymptoms(trace({ loss: learning, history: history(learning, [0.7, 0.8, 0.9, 0.9, 0.95, 0.95]) })),
    [],
  );
});

test('vanishing gradient: a layer whose gradient is below 1e-7 of its weights, from the epoch it starts, while the loss is far from its minimum', () => {
  const probe = (ratio: number) => (epoch: number) => [
    { id: 'n0', label: 'Dense (line 5)', grad: epoch >= 2 ? ratio : 0.1, weight: 1, dead: 0, units: 10 },
    { id: 'n1', label: 'Dense (line 6)', grad: 0.1, weight: 1, saturated: 0 },
  ];
  const flat = [0.69, 0.69, 0.69, 0.69];
  const found = detectSymptoms(trace({ loss: flat }, probe(THRESHOLDS.vanishingRatio / 2)));
  const s = found.find((x) => x.kind === 'vanishing-gradient')!;
  assert.equal(s.layer, 'Dense (line 5)');
  assert.equal(s.epoch, 2);
  assert.equal(s.value, THRESHOLDS.vanishingRatio / 2);
  assert.equal(s.threshold, 1e-7);
  assert.match(s.message, /Dense \(line 5\).*5\.0e-8.*from epoch 2 on/);
  assert.ok(
    !kinds(detectSymptoms(trace({ loss: flat }, probe(THRESHOLDS.vanishingRatio * 2)))).includes('vanishing-gradient'),
  );
  // A loss that has fallen to under 1 % of the first epoch's: tiny gradients are expected there.
  assert.ok(
    !kinds(detectSymptoms(trace({ loss: [0.7, 0.1, 0.001, 0.0001] }, probe(0)))).includes('vanishing-gradient'),
  );
});

test('exploding gradient: gradient norm above 10× the weights, the layer nearest the input first', () => {
  const probe = (ratio: number) => () => [
    { id: 'n0', label: 'Dense (line 5)', grad: ratio, weight: 1, dead: 0, units: 10 },
    { id: 'n1', label: 'Dense (line 6)', grad: ratio, weight: 1, saturated: 0 },
  ];
  const found = detectSymptoms(trace({ loss: learning }, probe(11))).filter((s) => s.kind === 'exploding-gradient');
  assert.equal(found.length, 1);
  assert.equal(found[0].layer, 'Dense (line 5)');
  assert.equal(found[0].epoch, 0);
  assert.deepEqual(
    detectSymptoms(trace({ loss: learning }, probe(9))).filter((s) => s.kind === 'exploding-gradient'),
    [],
  );
});

test('NaN/Inf: the batch where the loss first became non-finite and the first layer whose output was', () => {
  const layers: LayerProbe[] = [
    { id: 'n0', label: 'Dense (line 5)', grad: Number.POSITIVE_INFINITY, weight: 3e18 },
    { id: 'n1', label: 'Dense (line 6)', nonFinite: true, grad: Number.NaN, weight: 2 },
  ];
  const found = detectSymptoms(
    trace({ loss: [Number.NaN], firstNonFinite: { epoch: 1, batch: 4, loss: Number.POSITIVE_INFINITY, layers } }),
  );
  assert.deepEqual(kinds(found), ['non-finite']);
  assert.equal(found[0].layer, 'Dense (line 6)');
  assert.match(
    found[0].message,
    /becomes infinite at batch 4 of epoch 1; the first layer whose output is NaN\/Inf on that batch is Dense \(line 6\)/,
  );
  // No layer output is NaN: the first layer whose gradient is not finite, with its weights' norm.
  const gradOnly = detectSymptoms(
    trace({
      loss: [Number.NaN],
      firstNonFinite: {
        epoch: 1,
        batch: 2,
        loss: Number.NaN,
        layers: [layers[0], { ...layers[1], nonFinite: false, grad: 1 }],
      },
    }),
  );
  assert.equal(gradOnly[0].layer, 'Dense (line 5)');
  assert.equal(gradOnly[0].value, 3e18);
});

test('dead ReLUs: at least 90 % of a ReLU layer never positive on the probe batch', () => {
  const probe = (dead: number) => (epoch: number) => [
    { id: 'n0', label: 'Dense (line 5)', grad: 0.1, weight: 1, dead: epoch >= 3 ? dead : 0.2, units: 10 },
    { id: 'n1', label: 'Dense (line 6)', grad: 0.1, weight: 1, saturated: 0 },
  ];
  const found = detectSymptoms(trace({ loss: learning }, probe(0.9))).find((s) => s.kind === 'dead-relu')!;
  assert.equal(found.epoch, 3);
  assert.match(found.message, /9 of 10 units are never positive on the probe batch from epoch 3 on/);
  assert.ok(!kinds(detectSymptoms(trace({ loss: learning }, probe(0.8)))).includes('dead-relu'));
});

test('saturation: a hidden layer always; the output layer only while the run is not learning', () => {
  const probe = (hidden: number, out: number) => () => [
    { id: 'n0', label: 'Dense (line 5)', grad: 0.1, weight: 1, saturated: hidden },
    { id: 'n1', label: 'Dense (line 6)', grad: 0.1, weight: 1, saturated: out },
  ];
  const layers: RunTrace['layers'] = [
    { id: 'n0', label: 'Dense (line 5)', activation: 'tanh', output: false },
    { id: 'n1', label: 'Dense (line 6)', activation: 'sigmoid', output: true },
  ];
  const learned = history(
    learning,
    learning.map(() => 0.95),
  );
  const hidden = detectSymptoms(trace({ loss: learning, history: learned, layers }, probe(0.95, 1)));
  assert.deepEqual(
    hidden.map((s) => [s.kind, s.layer]),
    [['saturated', 'Dense (line 5)']],
  );
  assert.match(hidden[0].message, /saturated tanh in Dense \(line 5\): 95 % of its outputs beyond ±0\.99/);
  assert.deepEqual(detectSymptoms(trace({ loss: learning, history: learned, layers }, probe(0.85, 1))), []);
  const stuck = detectSymptoms(trace({ loss: learning, layers }, probe(0, 1)));
  assert.deepEqual(
    stuck.map((s) => [s.kind, s.layer]),
    [['saturated', 'Dense (line 6)']],
  );
});

test('loss at chance: crossentropy within 2 % of ln K and flat for 3 epochs', () => {
  const ln3 = Math.log(3);
  const three = { lossId: 'sparse_categorical_crossentropy', classes: 3, outputUnits: 3, majorityRate: 0.34 };
  const found = detectSymptoms(trace({ loss: [1.3, ln3 + 0.01, ln3, ln3 + 0.005], ...three }));
  const s = found.find((x) => x.kind === 'loss-at-chance')!;
  assert.equal(s.epoch, 2);
  assert.equal(s.threshold, ln3);
  assert.match(s.message, /≈ ln 3 = 1\.1/);
  // Moving (more than 1 % of ln K over the last 3 epochs), or away from ln K: not at chance.
  assert.ok(
    !kinds(detectSymptoms(trace({ loss: [ln3, ln3 * 1.015, ln3 * 0.995], ...three }))).includes('loss-at-chance'),
  );
  assert.ok(!kinds(detectSymptoms(trace({ loss: [0.9, 0.9, 0.9], ...three }))).includes('loss-at-chance'));
  // A regression loss has no chance level.
  assert.ok(
    !kinds(detectSymptoms(trace({ loss: [ln3, ln3, ln3], ...three, lossId: 'mean_squared_error' }))).includes(
      'loss-at-chance',
    ),
  );
});

test('oscillating loss: rises of 5 % or more in 30 % of the epochs, without progress', () => {
  const bouncing = [23.1, 3.49, 0.462, 0.686, 0.621, 0.606, 1.19, 0.564, 0.658, 1.56];
  const s = detectSymptoms(trace({ loss: bouncing })).find((x) => x.kind === 'oscillating-loss')!;
  assert.equal(s.epoch, 4);
  assert.equal(s.value, 4 / 9);
  // Bumps on the way down (the best of the second half under half the first half's) are not oscillation.
  const descending = [0.338, 0.105, 0.17, 0.125, 0.055, 0.078, 0.037, 0.042, 0.032, 0.019];
  assert.ok(!kinds(detectSymptoms(trace({ loss: descending }))).includes('oscillating-loss'));
  // Nor is noise on a loss near zero.
  const converged = [0.165, 1.3e-8, 2.5e-8, 3.5e-9, 5e-6, 6.8e-8, 1.3e-8, 4.5e-9, 2.3e-8, 9.2e-8];
  assert.ok(!kinds(detectSymptoms(trace({ loss: converged }))).includes('oscillating-loss'));
});

test('constant predictions and majority accuracy, from the epoch the streak to the end starts', () => {
  const loss = [0.7, 0.6, 0.5, 0.4];
  const predictions = [varied, constant(), constant(), constant()];
  const found = detectSymptoms(trace({ loss, predictions }));
  const c = found.find((x) => x.kind === 'constant-predictions')!;
  assert.equal(c.epoch, 2);
  assert.match(c.message, /same for every input \(1\.0\) from epoch 2 on/);
  const m = found.find((x) => x.kind === 'majority-accuracy')!;
  assert.equal(m.epoch, 2);
  assert.equal(m.value, 0.5);
  assert.equal(m.threshold, 0.5);
  // Predictions that vary again at the end: cured, not reported.
  assert.deepEqual(detectSymptoms(trace({ loss, predictions: [constant(), constant(), constant(), varied] })), []);
  // Every input in one class but accuracy away from the majority share: not majority-accuracy.
  const off = detectSymptoms(
    trace({
      loss,
      predictions: loss.map(() => ({ ...varied, sameClass: true })),
      history: history(loss, [0.3, 0.3, 0.3, 0.3]),
    }),
  );
  assert.ok(!kinds(off).includes('majority-accuracy'));
});

const node = (id: string, type: string, config: NodeSpec['config'], inputs: string[], line: number): NodeSpec => ({
  id,
  type,
  config,
  inputs,
  line,
});

function mlp(over: Partial<ModelSpec> = {}): ModelSpec {
  return {
    name: 'model',
    inputs: [{ id: 'in0', shape: [8] }],
    nodes: [
      node('n0', 'Dense', { units: 64, activation: 'relu' }, ['in0'], 9),
      node('n1', 'Dense', { units: 32, activation: 'sigmoid' }, ['n0'], 10),
      node('n2', 'Dense', { units: 1 }, ['n1'], 11),
    ],
    outputs: ['n2'],
    loss: { id: 'mean_squared_error', fromLogits: false, written: 'mse' },
    optimizer: { id: 'sgd', learningRate: 0.01, config: {}, written: 'sgd', line: 13, defaultLearningRate: 0.01 },
    metrics: [],
    labels: null,
    batchSize: 32,
    notReproduced: [],
    ...over,
  };
}

const symptom = (kind: Symptom['kind'], layer: string | null = null): Symptom => ({
  kind,
  layer,
  epoch: 1,
  value: null,
  threshold: null,
  message: kind,
});
const unscaled: InputRange = { min: -1340, max: 8310, meanAbs: 584, tokens: false };
const scaled: InputRange = { min: -4.6, max: 5.3, meanAbs: 0.8, tokens: false };

test('causes: the evidence names the learning rate, the input range and the layers, with lines and numbers', () => {
  const causes = likelyCauses([symptom('non-finite'), symptom('dead-relu', 'Dense (line 9)')], mlp(), unscaled);
  assert.deepEqual(
    causes.map((c) => [c.cause, c.fix, c.explains]),
    [
      // At Keras's default rate, the learning rate is suspected of the NaN, not of the dead ReLUs.
      ['the learning rate', 'lower-learning-rate', ['non-finite']],
      ['unscaled inputs', 'rescale-inputs', ['non-finite', 'dead-relu']],
      ['the initialisation of the ReLU layers', 'he-initializer', ['dead-relu']],
    ],
  );
  assert.match(causes[0].evidence, /sgd \(compile, line 13\) trains with the default learning rate 0\.01/);
  assert.match(causes[1].evidence, /from -1340 to 8310 \(mean \|x\| 584\).*Dense \(line 9\)/);
  assert.match(causes[2].evidence, /Dense \(line 9\) feeds a ReLU but uses glorot_uniform \(the default\)/);
  // Standardised inputs are not a cause; a default learning rate is not suspected of dead ReLUs.
  assert.deepEqual(
    likelyCauses([symptom('dead-relu', 'Dense (line 9)')], mlp(), scaled).map((c) => c.cause),
    ['the initialisation of the ReLU layers'],
  );
  const high = mlp({ optimizer: { ...mlp().optimizer, learningRate: 0.5, learningRateGiven: true } });
  assert.match(
    likelyCauses([symptom('dead-relu')], high, scaled)[0].evidence,
    /sets the learning rate to 0\.5 .*50× Keras's default 0\.01 for sgd/,
  );
  // A learning rate far below the default is no suspect of divergence.
  const tiny = mlp({ optimizer: { ...mlp().optimizer, learningRate: 1e-9 } });
  assert.deepEqual(likelyCauses([symptom('exploding-gradient')], tiny, scaled), []);
  // Hidden sigmoid, and a 1-unit softmax output.
  assert.deepEqual(
    likelyCauses([symptom('vanishing-gradient')], mlp(), scaled).map((c) => c.fix),
    ['relu-hidden', 'he-initializer'],
  );
  const softmax1 = mlp();
  softmax1.nodes[2].config = { units: 1, activation: 'softmax' };
  assert.match(
    likelyCauses([symptom('constant-predictions')], softmax1, scaled)[0].evidence,
    /applies softmax to 1 unit, which is 1\.0 whatever the input/,
  );
});

test('mechanical fixes rewrite the spec: learning rate ÷ 10, a rescaling layer first, He initialisation, relu in hidden layers', () => {
  assert.equal(applyMechanicalFix(mlp(), 'lower-learning-rate', scaled)!.spec.optimizer.learningRate, 0.001);
  assert.equal(applyMechanicalFix(mlp(), 'lower-learning-rate', scaled)!.label, 'Learning rate 0.01 → 0.001');
  const rescaled = applyMechanicalFix(mlp(), 'rescale-inputs', unscaled)!;
  assert.equal(rescaled.label, 'Standardise the inputs (Normalization)');
  assert.deepEqual(
    rescaled.spec.nodes.map((n) => [n.id, n.type, n.inputs]),
    [
      ['rescale-inputs', 'Normalization', ['in0']],
      ['n0', 'Dense', ['rescale-inputs']],
      ['n1', 'Dense', ['n0']],
      ['n2', 'Dense', ['n1']],
    ],
  );
  const pixels = applyMechanicalFix(mlp(), 'rescale-inputs', { min: 0, max: 255, meanAbs: 120, tokens: false })!;
  assert.deepEqual(pixels.spec.nodes[0].config, { scale: 1 / 255 });
  assert.equal(applyMechanicalFix(mlp(), 'rescale-inputs', scaled), null);
  assert.equal(
    applyMechanicalFix(mlp(), 'he-initializer', scaled)!.spec.nodes[0].config.kernel_initializer,
    'he_normal',
  );
  const relu = applyMechanicalFix(mlp(), 'relu-hidden', scaled)!;
  assert.equal(relu.label, 'relu instead of sigmoid in hidden layers');
  assert.equal(relu.spec.nodes[1].config.activation, 'relu');
  // The original spec is left alone.
  assert.equal(mlp().nodes[1].config.activation, 'sigmoid');
});

function run(verdict: RunResult['verdict'], reached: number | null, symptoms: Symptom[] = []): RunResult {
  return { label: 'r', verdict, detail: '', history: history([0.5]), symptoms, probe: [], reached };
}

test('which mechanical fixes are tried, and whether each helps', () => {
  const asWritten = run('diverges', null, [symptom('non-finite')]);
  const chosen = chooseExperiments(asWritten, [], mlp(), unscaled, false);
  assert.deepEqual(
    chosen.map((c) => c.fix),
    ['lower-learning-rate', 'rescale-inputs'],
  );
  // Not when a fix of a static finding learns, when Keras rejects the model, or when it learns without a symptom.
  assert.deepEqual(chooseExperiments(asWritten, [run('learns', 0.9)], mlp(), unscaled, false), []);
  assert.deepEqual(chooseExperiments(asWritten, [], mlp(), unscaled, true), []);
  assert.deepEqual(chooseExperiments(run('learns', 0.9), [], mlp(), unscaled, false), []);

  const helps = judgeExperiment(asWritten, run('learns', 0.14), 'regression');
  assert.equal(helps.helps, true);
  assert.match(helps.finding, /it learns \(validation loss 0\.14; as written: diverges\); gone: NaN\/Inf/);
  const still = judgeExperiment(asWritten, run('diverges', null, [symptom('non-finite')]), 'regression');
  assert.equal(still.helps, false);
  assert.match(still.finding, /diverges; still: NaN\/Inf/);
  const oscillating = run('learns', 0.88, [symptom('oscillating-loss')]);
  assert.equal(judgeExperiment(oscillating, run('learns', 0.96), 'classification').helps, true);
  assert.equal(
    judgeExperiment(oscillating, run('learns', 0.9, [symptom('oscillating-loss')]), 'classification').helps,
    false,
  );
  assert.equal(
    diagnosisSentence(asWritten, {
      causes: [],
      experiments: [{ label: 'Rescale', fix: 'rescale-inputs', run: 2, verdict: 'learns', ...helps }],
    }),
    'Symptoms: NaN/Inf. “Rescale” helps: it learns (validation loss 0.14; as written: diverges); gone: NaN/Inf.',
  );
  assert.equal(diagnosisSentence(run('learns', 0.9), undefined), 'No symptom.');
});

test('early stop: NaN at once; a fix at its target for 2 epochs; every run after 3 epochs of constant predictions at chance', () => {
  const facts = {
    stopWhenLearning: true,
    task: 'classification' as const,
    majorityRate: 0.5,
    validationSize: 128,
    hasBatchNorm: false,
  };
  const soFar = (accuracy: number[], predictions: PredictionSummary[], loss = accuracy.map(() => 0.6)) => ({
    history: history(loss, accuracy),
    predictions,
  });
  assert.match(settledVerdict(soFar([0.5], [varied], [Number.NaN]), facts)!, /the loss is NaN/);
  assert.match(
    settledVerdict(soFar([0.7, 0.9, 0.95], [varied, varied, varied]), facts)!,
    /at least 0\.63 .* for 2 epochs/,
  );
  assert.equal(
    settledVerdict(soFar([0.7, 0.9, 0.95], [varied, varied, varied]), { ...facts, stopWhenLearning: false }),
    null,
  );
  assert.equal(settledVerdict(soFar([0.5, 0.9], [varied, varied]), facts), null);
  const stuck = [constant(), constant(), constant()];
  assert.match(
    settledVerdict(soFar([0.5, 0.5, 0.5], stuck), { ...facts, stopWhenLearning: false })!,
    /every prediction has been 1\.00 for every input for 3 epochs/,
  );
  assert.equal(settledVerdict(soFar([0.5, 0.5], stuck.slice(1)), facts), null);
  // Constant now, but above chance at some epoch: the verdict would not be "cannot learn", so no stop.
  assert.equal(
    settledVerdict(soFar([0.7, 0.5, 0.5, 0.5], [varied, ...stuck]), { ...facts, stopWhenLearning: false }),
    null,
  );
  // Regression: at 0.6 × the mean's loss for 2 epochs.
  const regression = { ...facts, task: 'regression' as const };
  assert.match(
    settledVerdict(
      { history: history([1, 0.5, 0.5]), predictions: [varied, varied, varied], baselineLoss: 1 },
      regression,
    )!,
    /below 0\.6 \(0\.6 × the loss of predicting the mean\) for 2 epochs/,
  );
});
