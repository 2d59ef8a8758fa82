/**
 * Parity with real Keras: trains the same (scaled) models from the same
 * initial weights on the same synthetic data in TensorFlow.js (the trainer,
 * tfjs-node) and in Keras (the machine's TensorFlow wheel), every epoch (no
 * early stop). Both are judged with the same verdict rules and the same
 * symptom rules, Keras's symptoms from the same probe measured in Keras
 * (GradientTape on the same probe batch, bench/keras_parity.py). Prints per
 * run whether the verdicts and the symptoms agree, how far apart the
 * per-layer gradient norms are before training (same weights, same data: they
 * should match to float precision) and the time ratio tfjs/Keras per epoch
 * (median of epochs 2..N: the first includes Keras's graph tracing); then,
 * for the gradient files, every layer's gradient norm in both.
 *
 *   KERAS_PYTHON=path/to/venv/bin/python npx tsx bench/parity.ts [FILE[=H,W,C]...]
 *
 * Default files: examples/*.py, bench/cases/*.py and test/fixtures/trainer/*.py;
 * `=H,W,C` gives a file's input shape when its code takes it from data (else the
 * suggestion is used, and said). Models it cannot rebuild are skipped with the
 * reason. KERAS_PYTHON defaults to ../.keras/bin/python (relative to the
 * repository; DEVELOPERS.md says how to make it). PARITY_EPOCHS (default 10);
 * PARITY_GRADIENTS: comma-separated files whose per-layer gradients are tabled
 * (default: the MLP, the CNN and the seed examples).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Analyzer } from '../src/analyzer';
import { loadBackend } from '../src/trainer/backend';
import { VerifyError } from '../src/trainer/errors';
import { decideScale } from '../src/trainer/scale';
import type { TrainingPlan } from '../src/trainer/spec';
import { nodeShapes } from '../src/trainer/tfjs/shapes';
import { planBenchFile, verifyBenchFiles } from './verify-files';
import { type Compared, compareWithKeras, fmt, type GradientRow, kerasPython, type Row, sci } from './keras-compare';

async function main() {
  const python = kerasPython();
  if (!python) {
    console.error(
      'parity: no Keras found. Set KERAS_PYTHON to a Python with TensorFlow/Keras (default ../.keras/bin/python beside the repository).',
    );
    process.exit(2);
  }
  const epochs = Number(process.env.PARITY_EPOCHS ?? 10);
  const gradientFiles = new Set(
    (
      process.env.PARITY_GRADIENTS ??
      'test/fixtures/trainer/correct_mlp.py,examples/correct_mnist_cnn.py,examples/cats_vs_dogs_softmax.py'
    ).split(','),
  );
  const analyzer = await Analyzer.create();
  const backend = await loadBackend('tfjs-node', true);
  const tf = backend.tf;
  if (backend.name !== 'tfjs-node') console.error(`parity: tfjs-node did not load; timing is for ${backend.name}`);
  const rows: Row[] = [];
  const gradients: GradientRow[] = [];
  const skipped: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-'));
  for (const { file, inputShape } of verifyBenchFiles()) {
    const skip = (e: unknown) => {
      const why = e instanceof VerifyError ? e.message : String((e as Error).message ?? e);
      console.error(`${file}: skipped (${why})`);
      skipped.push(`${file}: ${why}`);
    };
    let plan: TrainingPlan;
    try {
      plan = await planBenchFile(analyzer, file, { inputShape, epochs });
    } catch (e) {
      skip(e);
      continue;
    }
    let compared: Compared | null;
    let decision: ReturnType<typeof decideScale>;
    try {
      // Scale once here, then train exactly these specs on both sides, every epoch.
      decision = decideScale(plan, 'tensorflow', (s) => nodeShapes(tf, s));
      compared = await compareWithKeras({ file, plan, specs: decision.variants, backend, python, tmp });
    } catch (e) {
      // A model the trainer plans but cannot rebuild (a layer tfjs refuses): skipped with the reason, the rest go on.
      skip(e);
      continue;
    }
    if (!compared) continue;
    rows.push(...compared.rows);
    if (gradientFiles.has(file)) gradients.push(...compared.gradients);
    console.error(`${file}: done${Object.keys(decision.scaled).length ? ' (scaled replica)' : ''}`);
  }

  fs.rmSync(tmp, { recursive: true, force: true });
  const kerasVersion = spawnSync(
    python,
    ['-c', 'import keras, tensorflow as tf; print(keras.__version__, tf.__version__)'],
    { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } },
  ).stdout.trim();
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
  console.log(
    `Parity: tfjs (${backend.name}, tfjs ${tf.version.tfjs}) vs Keras/TensorFlow ${kerasVersion}; ${epochs} epochs, same specs, data and initial weights; seconds per epoch = median of epochs 2..${epochs}`,
  );
  console.log(
    '| file | run | tfjs verdict | Keras verdict | agree | tfjs symptoms | Keras symptoms | same symptoms | gradient gap at init | tfjs s/epoch | Keras s/epoch | tfjs/Keras |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const ratio = r.tfjsEpoch / r.kerasEpoch;
    console.log(
      `| ${r.file} | ${r.label} | ${r.tfjs} | ${r.keras} | ${r.tfjs === r.keras ? 'yes' : 'NO'} | ${r.tfjsSymptoms.join(', ') || '—'} | ${r.kerasSymptoms.join(', ') || '—'} | ${same(r.tfjsSymptoms, r.kerasSymptoms) ? 'yes' : 'no'} | ${Number.isFinite(r.initialGradientGap) ? r.initialGradientGap.toExponential(1) : '—'} | ${fmt(r.tfjsEpoch)} | ${fmt(r.kerasEpoch)} | ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—'} |`,
    );
  }
  if (gradients.length) {
    console.log(
      "\nPer-layer gradient norms on the probe batch (inference mode): before training from the same weights, and after the last epoch of each side's own training",
    );
    console.log('| file | run | layer | epoch | tfjs ‖∇‖ | Keras ‖∇‖ (GradientTape) |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const g of gradients)
      console.log(`| ${g.file} | ${g.run} | ${g.layer} | ${g.epoch} | ${sci(g.tfjs)} | ${sci(g.keras)} |`);
  }
  const agree = rows.filter((r) => r.tfjs === r.keras).length;
  const sameSymptoms = rows.filter((r) => same(r.tfjsSymptoms, r.kerasSymptoms)).length;
  const timed = rows.filter((r) => Number.isFinite(r.tfjsEpoch) && Number.isFinite(r.kerasEpoch));
  const total = (key: 'tfjsEpoch' | 'kerasEpoch') => timed.reduce((s, r) => s + r[key], 0);
  for (const s of skipped) console.log(`\nskipped ${s}`);
  const gaps = rows.map((r) => r.initialGradientGap).filter(Number.isFinite);
  console.log(
    `\nVerdicts agree on ${agree} of ${rows.length} runs; symptoms on ${sameSymptoms}. Largest gradient gap at initialisation: ${gaps.length ? Math.max(...gaps).toExponential(1) : '—'}. Time per epoch, all timed runs together: tfjs/Keras = ${(total('tfjsEpoch') / total('kerasEpoch')).toFixed(2)}×`,
  );
  process.exit(agree === rows.length ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
