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
import { planVerification } from '../src/trainer/plan';
import { disposePrepared, outputUnits, prepareRuns } from '../src/trainer/prepare';
import type { LayerProbe, ProbeEpoch, Symptom, VerifyEvent } from '../src/trainer/protocol';
import { runPlan } from '../src/trainer/run';
import { decideScale } from '../src/trainer/scale';
import type { ModelSpec, TrainingPlan } from '../src/trainer/spec';
import { detectSymptoms } from '../src/trainer/symptoms/detect';
import { layerLabel, watchedActivation } from '../src/trainer/symptoms/layers';
import { encodeLabels } from '../src/trainer/synthetic';
import { kerasLoss } from '../src/trainer/tfjs/losses';
import { nodeShapes } from '../src/trainer/tfjs/shapes';
import { summarisePredictions } from '../src/trainer/tfjs/train';
import { buildRun } from '../src/trainer/train-run';
import { judgeRun } from '../src/trainer/verdict';

const root = path.join(__dirname, '..');

function kerasPython(): string | null {
  if (process.env.KERAS_PYTHON && !fs.existsSync(process.env.KERAS_PYTHON)) {
    console.error(`parity: KERAS_PYTHON=${process.env.KERAS_PYTHON} does not exist.`);
    return null;
  }
  const candidates = [process.env.KERAS_PYTHON, path.join(root, '..', '.keras', 'bin', 'python')].filter(
    (c): c is string => !!c,
  );
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

const blob = (values: Float32Array, shape: number[]) => ({
  data: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64'),
  shape,
});
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
const sci = (x: number | undefined) => (x === undefined ? '—' : Number.isFinite(x) ? x.toExponential(3) : String(x));

interface Row {
  file: string;
  label: string;
  tfjs: string;
  keras: string;
  tfjsSymptoms: string[];
  kerasSymptoms: string[];
  /** Largest relative difference of a layer's gradient norm before training (same weights, same batch). */
  initialGradientGap: number;
  tfjsEpoch: number;
  kerasEpoch: number;
}

interface GradientRow {
  file: string;
  run: string;
  layer: string;
  epoch: number;
  tfjs?: number;
  keras?: number;
}

interface KerasRun {
  label: string;
  error?: string;
  history?: Record<string, (number | null)[]>;
  predictions?: number[][];
  predictions_by_epoch?: number[][][];
  probes?: Record<string, Omit<LayerProbe, 'id' | 'label'>>[];
  epoch_seconds?: number[];
  weights_unchanged?: boolean;
  weights_kept?: string[];
}

const PROBE_BATCH = 64;

/** The files and the input shapes given for them (`FILE=64,64,1`). */
function fileArguments(): { file: string; inputShape?: number[] }[] {
  const given = process.argv.slice(2);
  if (given.length)
    return given.map((a) => {
      const [file, shape] = a.split('=');
      return { file, ...(shape ? { inputShape: shape.split(',').map(Number) } : {}) };
    });
  return ['examples', 'bench/cases', 'test/fixtures/trainer'].flatMap((d) =>
    fs
      .readdirSync(path.join(root, d))
      .filter((f) => f.endsWith('.py'))
      .sort()
      .map((f) => ({ file: path.join(d, f) })),
  );
}

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
  for (const { file, inputShape } of fileArguments()) {
    const skip = (e: unknown) => {
      const why = e instanceof VerifyError ? e.message : String((e as Error).message ?? e);
      console.error(`${file}: skipped (${why})`);
      skipped.push(`${file}: ${why}`);
    };
    let plan: TrainingPlan;
    const request = {
      source: fs.readFileSync(path.join(root, file), 'utf8'),
      language: 'python' as const,
      fileName: file,
      epochs,
      ...(inputShape ? { inputShape } : {}),
    };
    try {
      try {
        plan = (await planVerification(analyzer, request)).plan;
      } catch (e) {
        // The editor would ask and the CLI wants --input-shape; the benchmark takes the suggestion, and says so.
        if (!(e instanceof VerifyError && e.kind === 'input-shape-unknown' && e.suggestion)) throw e;
        plan = (await planVerification(analyzer, { ...request, inputShape: e.suggestion })).plan;
        console.error(`${file}: input shape not in the code; using the suggestion ${e.suggestion.join('×')}`);
      }
    } catch (e) {
      skip(e);
      continue;
    }
    let compared: Awaited<ReturnType<typeof compare>>;
    try {
      compared = await compare(file, plan);
    } catch (e) {
      // A model the trainer plans but cannot rebuild (a layer tfjs refuses): skipped with the reason, the rest go on.
      skip(e);
      continue;
    }
    if (!compared) continue;
    rows.push(...compared.rows);
    if (gradientFiles.has(file)) gradients.push(...compared.gradients);
    console.error(`${file}: done${compared.scaled ? ' (scaled replica)' : ''}`);
  }

  async function compare(file: string, plan: TrainingPlan) {
    // Scale once here, then train exactly these specs on both sides, every epoch.
    const decision = decideScale(plan, 'tensorflow', (s) => nodeShapes(tf, s));
    const specs: ModelSpec[] = decision.variants;
    const fixedPlan: TrainingPlan = {
      ...plan,
      fullSize: true,
      stopEarly: false,
      timeBudgetSeconds: 1e9,
      variants: plan.variants.map((v, i) => ({ ...v, spec: specs[i] })),
    };
    // The data and every run's initial weights, exactly as the trainer makes them.
    const prepared = await prepareRuns(fixedPlan, backend);
    const { dataset: data, task } = prepared;
    const variants = specs.map((spec, i) => {
      const made = buildRun(prepared, i);
      const units = 'built' in made ? outputUnits(made.built.model) : 1;
      const weights: Record<string, ReturnType<typeof blob>[]> = {};
      if ('built' in made) {
        for (const [id, layer] of made.built.layers)
          weights[id] = layer.getWeights().map((w) => blob(w.dataSync() as Float32Array, w.shape));
        if (i !== prepared.base) made.built.model.dispose();
      }
      const y = encodeLabels(data.train, task, spec.labels, spec.loss, units);
      const yv = encodeLabels(data.validation, task, spec.labels, spec.loss, units);
      // A run Keras rejects (an unknown name): ask Keras itself whether it knows the name.
      const rejected = plan.variants[i].rejected;
      const unknown = rejected ? /Unknown (loss|activation|optimizer|metric) '([^']+)'/.exec(rejected) : null;
      return {
        label: plan.variants[i].label,
        spec,
        units,
        y: blob(y.values, y.shape),
        yv: blob(yv.values, yv.shape),
        weights,
        watched: Object.fromEntries(spec.nodes.map((n) => [n.id, watchedActivation(n)])),
        ...(unknown ? { reject_check: { kind: unknown[1], name: unknown[2] } } : {}),
      };
    });
    disposePrepared(prepared);

    // TensorFlow.js (the trainer itself).
    const epochTimes: number[][] = specs.map(() => []);
    let last = Date.now();
    const tfjsResult = await runPlan(fixedPlan, backend, (e: VerifyEvent) => {
      if (e.type === 'epoch') {
        epochTimes[e.run].push((Date.now() - last) / 1000);
        last = Date.now();
      } else if (e.type === 'run-finished' || e.type === 'started') last = Date.now();
    });

    // Keras, same specs, data and initial weights.
    const job = {
      seed: plan.data.seed,
      epochs,
      task: task.kind,
      probe_n: Math.min(PROBE_BATCH, data.train.n),
      x: blob(data.train.x, [data.train.n, ...task.shape]),
      xv: blob(data.validation.x, [data.validation.n, ...task.shape]),
      variants: variants.map(({ units: _, ...v }) => v),
    };
    const jobFile = path.join(tmp, 'job.json');
    const outFile = path.join(tmp, 'out.json');
    fs.writeFileSync(jobFile, JSON.stringify(job));
    const run = spawnSync(python!, [path.join(__dirname, 'keras_parity.py'), jobFile, outFile], {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', CUDA_VISIBLE_DEVICES: '' },
    });
    if (run.status !== 0) {
      console.error(`${file}: Keras failed:\n${run.stderr.slice(-2000)}`);
      return null;
    }
    const keras: { runs: KerasRun[] } = JSON.parse(
      fs
        .readFileSync(outFile, 'utf8')
        .replace(/\bNaN\b/g, 'null')
        .replace(/-?Infinity/g, 'null'),
    );
    const out: Row[] = [];
    const grads: GradientRow[] = [];
    keras.runs.forEach((k, i) => {
      const spec = specs[i];
      const mine = tfjsResult.runs[i];
      const toNum = (xs: (number | null)[] | undefined) => (xs ?? []).map((v) => (v === null ? Number.NaN : v));
      const history = {
        loss: toNum(k.history?.loss),
        accuracy: toNum(k.history?.accuracy),
        val_loss: toNum(k.history?.val_loss),
        val_accuracy: toNum(k.history?.val_accuracy),
      };
      const summary = (rows: number[][]) =>
        summarisePredictions(
          Float32Array.from(rows.flat().map((v) => (v === null ? Number.NaN : v))),
          rows.length,
          rows[0]?.length ?? 1,
        );
      const preds = k.predictions ?? [];
      const width = preds[0]?.length ?? 1;
      let baselineLoss: number | undefined;
      if (task.kind === 'regression') {
        const yv = encodeLabels(data.validation, task, spec.labels, spec.loss, width);
        const yt = encodeLabels(data.train, task, spec.labels, spec.loss, width);
        baselineLoss = tf.tidy(() => {
          const mean = tf.mean(tf.tensor(yt.values, yt.shape), 0, true);
          const t = tf.tensor(yv.values, yv.shape);
          return kerasLoss(tf, spec.loss)(t, tf.mul(tf.onesLike(t), mean)).dataSync()[0];
        });
      }
      const judged = judgeRun({
        history,
        task: task.kind,
        majorityRate: data.majorityRate,
        validationSize: data.validation.n,
        predictions: preds.length ? summary(preds) : null,
        error: k.error,
        baselineLoss,
        hasBatchNorm: spec.nodes.some((n) => n.type === 'BatchNormalization'),
        weightsUnchanged: k.weights_unchanged,
      });
      // Keras's probe, in the trainer's shape (nodes by id, in spec order).
      const kerasProbe: ProbeEpoch[] = (k.probes ?? []).map((byId, epoch) => ({
        epoch,
        layers: spec.nodes.map((n) => ({ id: n.id, label: layerLabel(n), ...byId[n.id] })),
      }));
      const kerasSymptoms: Symptom[] =
        k.error || !k.history
          ? []
          : detectSymptoms({
              history,
              probe: kerasProbe,
              predictions: (k.predictions_by_epoch ?? []).map(summary),
              task: task.kind,
              classes: task.classes,
              majorityRate: data.majorityRate,
              validationSize: data.validation.n,
              lossId: spec.loss.id,
              outputUnits: variants[i].units,
              layers: spec.nodes.map((n) => ({
                id: n.id,
                label: layerLabel(n),
                activation: watchedActivation(n),
                output: spec.outputs.includes(n.id),
              })),
              baselineLoss,
            });
      let gap = 0;
      for (const epoch of [0, epochs]) {
        const mineAt = mine.probe.find((p) => p.epoch === epoch);
        const theirsAt = kerasProbe.find((p) => p.epoch === epoch);
        for (const layer of mineAt?.layers ?? []) {
          const theirs = theirsAt?.layers.find((l) => l.id === layer.id);
          if (layer.grad === undefined) continue;
          grads.push({ file, run: k.label, layer: layer.label, epoch, tfjs: layer.grad, keras: theirs?.grad });
          if (epoch === 0 && theirs?.grad !== undefined && !k.weights_kept?.includes(layer.id)) {
            const scale = Math.max(Math.abs(layer.grad), Math.abs(theirs.grad), 1e-12);
            gap = Math.max(gap, Math.abs(layer.grad - theirs.grad) / scale);
          }
        }
      }
      out.push({
        file,
        label: k.label,
        tfjs: mine.verdict,
        keras: judged.verdict,
        tfjsSymptoms: [...new Set(mine.symptoms.map((s) => s.kind))],
        kerasSymptoms: [...new Set(kerasSymptoms.map((s) => s.kind))],
        initialGradientGap: mine.probe.length && k.probes ? gap : Number.NaN,
        tfjsEpoch: median(epochTimes[i].slice(1)),
        kerasEpoch: median((k.epoch_seconds ?? []).slice(1)),
      });
      if (mine.verdict !== judged.verdict)
        console.error(
          `${file} / ${k.label}: tfjs ${mine.verdict} (${mine.detail}) vs Keras ${judged.verdict} (${judged.detail})`,
        );
      if (k.weights_kept?.length)
        console.error(
          `${file} / ${k.label}: Keras kept its own initial weights in ${k.weights_kept.join(', ')} (shapes differ)`,
        );
    });
    return { rows: out, gradients: grads, scaled: Object.keys(decision.scaled).length > 0 };
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
