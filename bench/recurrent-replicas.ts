/**
 * Recurrent replicas against Keras: tfjs has no fused LSTM/GRU kernel, so a
 * recurrent model's epoch costs one small op dispatch per time step, and the
 * trainer trains a replica with fewer time steps and fewer units. This trains
 * each recurrent model at full size in Keras (the reference verdict) and, for
 * each candidate replica (time steps × recurrent units), in tfjs and in Keras
 * from the same initial weights on the same data, every epoch, and prints per
 * run both verdicts, whether they are the full-size Keras verdict, and tfjs's
 * seconds per epoch. The replica the trainer picks for recurrent models is
 * the smallest one that keeps every verdict (bench/RESULTS.md).
 *
 *   npx tsx bench/recurrent-replicas.ts [FILE...]
 *
 * Default files: the recurrent models of examples/ and bench/cases/.
 * KERAS_PYTHON as for bench/parity.ts; PARITY_EPOCHS (default 10).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Analyzer } from '../src/analyzer';
import { loadBackend } from '../src/trainer/backend';
import { VerifyError } from '../src/trainer/errors';
import { planVerification } from '../src/trainer/plan';
import { type Caps, REPLICA_LADDER, replicate } from '../src/trainer/scale';
import type { ModelSpec, TrainingPlan } from '../src/trainer/spec';
import { compareWithKeras, fmt, kerasPython } from './keras-compare';

const root = path.join(__dirname, '..');

const DEFAULT_FILES = [
  'bench/cases/sentiment_lstm_softmax.py',
  'bench/cases/reviews_stacked_lstm_categorical.py',
  'bench/cases/activity_lstm.py',
  'examples/logits_activation_mismatch.py',
];

/** Candidate replicas: time steps and recurrent units (the rest as the first rung of the ladder). */
const CANDIDATES: { steps: number; units: number }[] = [
  { steps: 64, units: 32 },
  { steps: 32, units: 16 },
  { steps: 16, units: 16 },
  { steps: 8, units: 8 },
];

interface Line {
  file: string;
  replica: string;
  run: string;
  tfjs: string;
  keras: string;
  reference: string;
  tfjsEpoch: number;
  kerasEpoch: number;
}

async function main() {
  const python = kerasPython();
  if (!python) {
    console.error('recurrent-replicas: no Keras found (KERAS_PYTHON, default ../.keras/bin/python).');
    process.exit(2);
  }
  const files = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_FILES;
  const epochs = Number(process.env.PARITY_EPOCHS ?? 10);
  const analyzer = await Analyzer.create();
  const backend = await loadBackend('tfjs-node', false);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recurrent-'));
  const lines: Line[] = [];
  for (const file of files) {
    let plan: TrainingPlan;
    try {
      plan = (
        await planVerification(analyzer, {
          source: fs.readFileSync(path.join(root, file), 'utf8'),
          language: 'python',
          fileName: file,
          epochs,
        })
      ).plan;
    } catch (e) {
      console.error(`${file}: skipped (${e instanceof VerifyError ? e.message : e})`);
      continue;
    }
    const full = plan.variants.map((v) => v.spec);
    // The reference: every run at full size in Keras (too slow to train in tfjs, which is why there are replicas).
    const reference = await compareWithKeras({ file, plan, specs: full, backend, python, tmp, kerasOnly: true });
    if (!reference) continue;
    const add = (replica: string, rows: NonNullable<typeof reference>['rows']) =>
      rows.forEach((r, i) => {
        const line = {
          file,
          replica,
          run: r.label,
          tfjs: r.tfjs,
          keras: r.keras,
          reference: reference.rows[i].keras,
          tfjsEpoch: r.tfjsEpoch,
          kerasEpoch: r.kerasEpoch,
        };
        lines.push(line);
        // As it comes (a study takes long): the table at the end repeats it.
        console.error(`row: ${row(line)}`);
      });
    add(`full (${describe(full[0])})`, reference.rows);
    for (const c of CANDIDATES) {
      const caps: Caps = { ...REPLICA_LADDER[0], sequence: c.steps, recurrentUnits: c.units };
      let specs: ModelSpec[];
      try {
        specs = full.map((s) => replicate(s, caps, true).spec);
      } catch (e) {
        console.error(`${file}: replica ${c.steps}×${c.units} is not valid (${(e as Error).message})`);
        continue;
      }
      const compared = await compareWithKeras({ file, plan, specs, backend, python, tmp });
      if (compared) add(describe(specs[0]), compared.rows);
      console.error(`${file}: ${describe(specs[0])} done`);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(
    `Recurrent replicas: ${epochs} epochs, same specs, data and initial weights in tfjs and Keras; reference = Keras at full size`,
  );
  console.log(
    '| file | replica | run | tfjs | Keras | Keras full size | same as reference | tfjs s/epoch | Keras s/epoch |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const l of lines) console.log(row(l));
}

function row(l: Line): string {
  const same = l.tfjs === '—' ? '—' : l.tfjs === l.reference && l.keras === l.reference ? 'yes' : 'NO';
  return `| ${l.file} | ${l.replica} | ${l.run} | ${l.tfjs} | ${l.keras} | ${l.reference} | ${same} | ${fmt(l.tfjsEpoch)} | ${fmt(l.kerasEpoch)} |`;
}

/** "80 steps, LSTM 32 units" for the first recurrent layer of a spec. */
function describe(spec: ModelSpec): string {
  const steps = spec.inputs[0].shape[0];
  const layer = spec.nodes.find((n) => /^(LSTM|GRU|SimpleRNN|Bidirectional)$/.test(n.type));
  if (!layer) return `${steps} steps`;
  const config =
    layer.type === 'Bidirectional'
      ? (layer.config.layer as [string, ModelSpec['nodes'][number]['config']])[1]
      : layer.config;
  const type = layer.type === 'Bidirectional' ? `Bidirectional ${(layer.config.layer as [string])[0]}` : layer.type;
  return `${steps} steps, ${type} ${config.units} units`;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
