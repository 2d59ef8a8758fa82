/**
 * One model on both sides, for the parity benchmarks: trains the given
 * (scaled) specs from the same initial weights on the same synthetic data in
 * the trainer (tfjs) and in Keras (bench/keras_parity.py), every epoch, and
 * returns per run both verdicts, both symptom lists, the gap between the
 * per-layer gradient norms before training and the seconds per epoch.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadedBackend } from '../src/trainer/backend';
import { disposePrepared, outputUnits, prepareRuns } from '../src/trainer/prepare';
import type { LayerProbe, ProbeEpoch, RunResult, Symptom, VerifyEvent } from '../src/trainer/protocol';
import { runPlan } from '../src/trainer/run';
import type { ModelSpec, TrainingPlan } from '../src/trainer/spec';
import { detectSymptoms } from '../src/trainer/symptoms/detect';
import { layerLabel, watchedActivation } from '../src/trainer/symptoms/layers';
import { encodeLabels } from '../src/trainer/synthetic';
import { kerasLoss } from '../src/trainer/tfjs/losses';
import { summarisePredictions } from '../src/trainer/tfjs/train';
import { buildRun } from '../src/trainer/train-run';
import { judgeRun } from '../src/trainer/verdict';

const root = path.join(__dirname, '..');

export function kerasPython(): string | null {
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
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
export const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
export const sci = (x: number | undefined) =>
  x === undefined ? '—' : Number.isFinite(x) ? x.toExponential(3) : String(x);

export interface Row {
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

export interface GradientRow {
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

/** The rows of runs not trained in tfjs (a Keras-only reference). */
function untrained(plan: TrainingPlan): { runs: RunResult[] } {
  return {
    runs: plan.variants.map((v) => ({
      label: v.label,
      verdict: '—' as RunResult['verdict'],
      detail: 'not trained in tfjs',
      history: { loss: [], accuracy: [], val_loss: [], val_accuracy: [] },
      symptoms: [],
      probe: [],
    })),
  };
}

export interface Compared {
  rows: Row[];
  gradients: GradientRow[];
}

export async function compareWithKeras(options: {
  file: string;
  plan: TrainingPlan;
  specs: ModelSpec[];
  backend: LoadedBackend;
  python: string;
  tmp: string;
  /** Train in Keras only (a reference too slow to train in tfjs): the rows' tfjs verdicts are "—". */
  kerasOnly?: boolean;
}): Promise<Compared | null> {
  const { file, plan, specs: given, backend, python, tmp } = options;
  const tf = backend.tf;
  const epochs = plan.epochs;
  return compare(file, plan);
  async function compare(file: string, plan: TrainingPlan): Promise<Compared | null> {
    const specs: ModelSpec[] = given;
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
    const tfjsResult = await (options.kerasOnly
      ? Promise.resolve(untrained(fixedPlan))
      : runPlan(fixedPlan, backend, (e: VerifyEvent) => {
          if (e.type === 'epoch') {
            epochTimes[e.run].push((Date.now() - last) / 1000);
            last = Date.now();
          } else if (e.type === 'run-finished' || e.type === 'started') last = Date.now();
        }));

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
      if (!options.kerasOnly && mine.verdict !== judged.verdict)
        console.error(
          `${file} / ${k.label}: tfjs ${mine.verdict} (${mine.detail}) vs Keras ${judged.verdict} (${judged.detail})`,
        );
      if (k.weights_kept?.length)
        console.error(
          `${file} / ${k.label}: Keras kept its own initial weights in ${k.weights_kept.join(', ')} (shapes differ)`,
        );
    });
    return { rows: out, gradients: grads };
  }
}
