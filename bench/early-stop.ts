import { Analyzer } from '../src/analyzer';
import { loadBackend } from '../src/trainer/backend';
import { runPlan } from '../src/trainer/run';
import { decideScale } from '../src/trainer/scale';
import type { TrainingPlan } from '../src/trainer/spec';
import { nodeShapes } from '../src/trainer/tfjs/shapes';
import { planBenchFile, verifyBenchFiles } from './verify-files';

async function main() {
  const analyzer = await Analyzer.create();
  const backend = await loadBackend('tfjs-node', true);
  const rows: string[] = [];
  let differ = 0;
  let epochsEarly = 0;
  let epochsAll = 0;
  for (const { file, inputShape } of verifyBenchFiles()) {
    let plan: TrainingPlan;
    try {
      plan = await planBenchFile(analyzer, file, { inputShape });
      // The replica the trainer picks, then no epoch cut: the comparison is about stopping early only.
      const decision = decideScale(plan, 'tensorflow', (s) => nodeShapes(backend.tf, s));
      const fixed: TrainingPlan = {
        ...plan,
        fullSize: true,
        variants: plan.variants.map((v, i) => ({ ...v, spec: decision.variants[i] })),
      };
      const early = await runPlan({ ...fixed, stopEarly: true }, backend, () => {});
      const all = await runPlan({ ...fixed, stopEarly: false }, backend, () => {});
      early.runs.forEach((r, i) => {
        const a = all.runs[i];
        const same = r.verdict === a.verdict;
        if (!same) differ++;
        epochsEarly += r.history.loss.length;
        epochsAll += a.history.loss.length;
        rows.push(
          `| ${file} | ${r.label} | ${r.verdict} | ${a.verdict} | ${same ? 'yes' : 'NO'} | ${r.history.loss.length} of ${a.history.loss.length}${r.stopped ? ` (${r.stopped.reason})` : ''} |`,
        );
      });
      console.error(`${file}: done`);
    } catch (e) {
      console.error(`${file}: skipped (${(e as Error).message.split('\n')[0]})`);
    }
  }
  console.log('| file | run | early stop | every epoch | same | epochs |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
  console.log(
    `\n${rows.length - differ} of ${rows.length} verdicts the same; ${epochsEarly} epochs instead of ${epochsAll} (${Math.round((100 * epochsEarly) / Math.max(1, epochsAll))} %).`,
  );
  process.exit(differ ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
