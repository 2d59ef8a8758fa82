/**
 * Parity with real Keras: trains the same (scaled) models on the same
 * synthetic data in TensorFlow.js (the trainer, tfjs-node) and in Keras (the
 * machine's TensorFlow wheel), judges both with the same verdict logic, and
 * prints per run whether the verdicts agree and the time ratio tfjs/Keras per
 * epoch (median of epochs 2..N: the first includes Keras's graph tracing).
 *
 *   KERAS_PYTHON=path/to/venv/bin/python npx tsx bench/parity.ts [FILE...]
 *
 * Default files: examples/*.py, bench/cases/*.py and test/fixtures/trainer/*.py (models it cannot rebuild are skipped with the reason). KERAS_PYTHON defaults to
 * ../.keras/bin/python (relative to the repository; DEVELOPERS.md says how to make it).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Analyzer } from '../src/analyzer';
import { loadBackend } from '../src/trainer/backend';
import { describeTask, encodeLabels, generateDataset } from '../src/trainer/synthetic';
import { VerifyError } from '../src/trainer/errors';
import { planVerification } from '../src/trainer/plan';
import type { VerifyEvent } from '../src/trainer/protocol';
import { runPlan } from '../src/trainer/run';
import { decideScale } from '../src/trainer/scale';
import type { ModelSpec } from '../src/trainer/spec';
import { buildModel } from '../src/trainer/tfjs/build';
import { kerasLoss } from '../src/trainer/tfjs/losses';
import { nodeShapes } from '../src/trainer/tfjs/shapes';
import { summarisePredictions } from '../src/trainer/tfjs/train';
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

interface Row {
  file: string;
  label: string;
  tfjs: string;
  keras: string;
  tfjsEpoch: number;
  kerasEpoch: number;
}

async function main() {
  const python = kerasPython();
  if (!python) {
    console.error(
      'parity: no Keras found. Set KERAS_PYTHON to a Python with TensorFlow/Keras (default ../.keras/bin/python beside the repository).',
    );
    process.exit(2);
  }
  const files = process.argv.slice(2).length
    ? process.argv.slice(2)
    : ['examples', 'bench/cases', 'test/fixtures/trainer'].flatMap((d) =>
        fs
          .readdirSync(path.join(root, d))
          .filter((f) => f.endsWith('.py'))
          .sort()
          .map((f) => path.join(d, f)),
      );
  const epochs = Number(process.env.PARITY_EPOCHS ?? 10);
  const analyzer = await Analyzer.create();
  const backend = await loadBackend('tfjs-node', true);
  const tf = backend.tf;
  if (backend.name !== 'tfjs-node') console.error(`parity: tfjs-node did not load; timing is for ${backend.name}`);
  const rows: Row[] = [];
  const skipped: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-'));
  for (const file of files) {
    let planned: Awaited<ReturnType<typeof planVerification>>;
    const request = {
      source: fs.readFileSync(path.join(root, file), 'utf8'),
      language: 'python' as const,
      fileName: file,
      epochs,
    };
    try {
      try {
        planned = await planVerification(analyzer, request);
      } catch (e) {
        // The editor would ask and the CLI wants --input-shape; the benchmark takes the suggestion, and says so.
        if (!(e instanceof VerifyError && e.kind === 'input-shape-unknown' && e.suggestion)) throw e;
        planned = await planVerification(analyzer, { ...request, inputShape: e.suggestion });
        console.error(`${file}: input shape not in the code; using the suggestion ${e.suggestion.join('×')}`);
      }
    } catch (e) {
      console.error(`${file}: skipped (${e instanceof VerifyError ? e.message : e})`);
      skipped.push(`${file}: ${e instanceof VerifyError ? e.message : e}`);
      continue;
    }
    const plan = planned.plan;
    // Scale once here, then train exactly these specs on both sides.
    const decision = decideScale(plan, 'tensorflow', (s) => nodeShapes(tf, s));
    const specs: ModelSpec[] = decision.variants;
    const fixedPlan = {
      ...plan,
      fullSize: true,
      timeBudgetSeconds: 1e9,
      variants: plan.variants.map((v, i) => ({ ...v, spec: specs[i] })),
    };
    const units = (s: ModelSpec) => {
      const m = buildModel(tf, s).model;
      const shape = m.outputs[0].shape;
      m.dispose();
      return shape[shape.length - 1] ?? 1;
    };
    const task = describeTask(specs[0], units(specs[0]));
    const data = generateDataset(task, plan.data.train, plan.data.validation, plan.data.seed);

    // TensorFlow.js (the trainer itself).
    const epochTimes: number[][] = specs.map(() => []);
    let last = Date.now();
    const tfjsResult = await runPlan(fixedPlan, backend, (e: VerifyEvent) => {
      if (e.type === 'epoch') {
        epochTimes[e.run].push((Date.now() - last) / 1000);
        last = Date.now();
      } else if (e.type === 'run-finished' || e.type === 'started') last = Date.now();
    });

    // Keras, same specs and data.
    const variants = specs.map((spec, i) => {
      const u = units(spec);
      const y = encodeLabels(data.train, task, spec.labels, spec.loss, u);
      const yv = encodeLabels(data.validation, task, spec.labels, spec.loss, u);
      // A run Keras rejects (an unknown name): ask Keras itself whether it knows the name.
      const rejected = plan.variants[i].rejected;
      const unknown = rejected ? /Unknown (loss|activation|optimizer|metric) '([^']+)'/.exec(rejected) : null;
      return {
        label: plan.variants[i].label,
        spec,
        y: blob(y.values, y.shape),
        yv: blob(yv.values, yv.shape),
        ...(unknown ? { reject_check: { kind: unknown[1], name: unknown[2] } } : {}),
      };
    });
    const job = {
      seed: plan.data.seed,
      epochs,
      task: task.kind,
      x: blob(data.train.x, [data.train.n, ...task.shape]),
      xv: blob(data.validation.x, [data.validation.n, ...task.shape]),
      variants,
    };
    const jobFile = path.join(tmp, 'job.json');
    const outFile = path.join(tmp, 'out.json');
    fs.writeFileSync(jobFile, JSON.stringify(job));
    const run = spawnSync(python, [path.join(__dirname, 'keras_parity.py'), jobFile, outFile], {
      encoding: 'utf8',
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', CUDA_VISIBLE_DEVICES: '' },
    });
    if (run.status !== 0) {
      console.error(`${file}: Keras failed:\n${run.stderr.slice(-2000)}`);
      continue;
    }
    const keras = JSON.parse(
      fs
        .readFileSync(outFile, 'utf8')
        .replace(/\bNaN\b/g, 'null')
        .replace(/-?Infinity/g, 'null'),
    );
    keras.runs.forEach(
      (
        k: {
          label: string;
          error?: string;
          history?: Record<string, (number | null)[]>;
          predictions?: number[][];
          epoch_seconds?: number[];
          weights_unchanged?: boolean;
        },
        i: number,
      ) => {
        const spec = specs[i];
        const toNum = (xs: (number | null)[] | undefined) => (xs ?? []).map((v) => (v === null ? NaN : v));
        const history = {
          loss: toNum(k.history?.loss),
          accuracy: toNum(k.history?.accuracy),
          val_loss: toNum(k.history?.val_loss),
          val_accuracy: toNum(k.history?.val_accuracy),
        };
        const preds = k.predictions ?? [];
        const width = preds[0]?.length ?? 1;
        const flat = Float32Array.from(preds.flat().map((v) => (v === null ? NaN : v)));
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
          predictions: preds.length ? summarisePredictions(flat, preds.length, width) : null,
          error: k.error,
          baselineLoss,
          hasBatchNorm: spec.nodes.some((n) => n.type === 'BatchNormalization'),
          weightsUnchanged: k.weights_unchanged,
        });
        rows.push({
          file,
          label: k.label,
          tfjs: tfjsResult.runs[i].verdict,
          keras: judged.verdict,
          tfjsEpoch: median(epochTimes[i].slice(1)),
          kerasEpoch: median((k.epoch_seconds ?? []).slice(1)),
        });
        if (tfjsResult.runs[i].verdict !== judged.verdict) {
          console.error(
            `${file} / ${k.label}: tfjs ${tfjsResult.runs[i].verdict} (${tfjsResult.runs[i].detail}) vs Keras ${judged.verdict} (${judged.detail})`,
          );
        }
      },
    );
    console.error(`${file}: done${Object.keys(decision.scaled).length ? ' (scaled replica)' : ''}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const kerasVersion = spawnSync(
    python,
    ['-c', 'import keras, tensorflow as tf; print(keras.__version__, tf.__version__)'],
    { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } },
  ).stdout.trim();
  console.log(
    `Parity: tfjs (${backend.name}, tfjs ${tf.version.tfjs}) vs Keras/TensorFlow ${kerasVersion}; ${epochs} epochs, same specs and data; seconds per epoch = median of epochs 2..${epochs}`,
  );
  console.log('| file | run | tfjs verdict | Keras verdict | agree | tfjs s/epoch | Keras s/epoch | tfjs/Keras |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const ratio = r.tfjsEpoch / r.kerasEpoch;
    console.log(
      `| ${r.file} | ${r.label} | ${r.tfjs} | ${r.keras} | ${r.tfjs === r.keras ? 'yes' : 'NO'} | ${fmt(r.tfjsEpoch)} | ${fmt(r.kerasEpoch)} | ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—'} |`,
    );
  }
  const agree = rows.filter((r) => r.tfjs === r.keras).length;
  const timed = rows.filter((r) => Number.isFinite(r.tfjsEpoch) && Number.isFinite(r.kerasEpoch));
  const total = (key: 'tfjsEpoch' | 'kerasEpoch') => timed.reduce((s, r) => s + r[key], 0);
  for (const s of skipped) console.log(`\nskipped ${s}`);
  console.log(
    `\nVerdicts agree on ${agree} of ${rows.length} runs. Time per epoch, all timed runs together: tfjs/Keras = ${(total('tfjsEpoch') / total('kerasEpoch')).toFixed(2)}×`,
  );
  process.exit(agree === rows.length ? 0 : 1);
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
