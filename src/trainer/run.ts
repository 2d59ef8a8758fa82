/**
 * Trains the runs of a plan in this process, one after another, and judges
 * them: prepare what they share (prepare.ts), then each run (train-run.ts),
 * then the result. The training process trains the runs the parent hands it
 * (several processes share a plan's runs, worker.ts); the parity benchmark
 * trains all of them here.
 */
import type { LoadedBackend } from './backend';
import { type PreparedRuns, disposePrepared, prepareRuns, startedEvent } from './prepare';
import type { RunResult, VerifyEvent, VerifyResult } from './protocol';
import type { TrainingPlan } from './spec';
import { summarise, type JudgedRun } from './summary';
import { type EpochControl, type TrainedRun, trainRun } from './train-run';

export async function runPlan(
  plan: TrainingPlan,
  backend: LoadedBackend,
  emit: (e: VerifyEvent) => void,
): Promise<VerifyResult> {
  const started = Date.now();
  const prepared = await prepareRuns(plan, backend);
  emit(startedEvent(prepared));
  const control: EpochControl = { epochs: plan.epochs, parallel: 1 };
  const trained: TrainedRun[] = [];
  const count = plan.variants.length + (plan.experiments?.length ?? 0);
  try {
    for (let i = 0; i < count; i++) trained.push(await trainRun(prepared, i, emit, control));
  } finally {
    disposePrepared(prepared);
  }
  const result = resultOf(prepared, trained, (Date.now() - started) / 1000);
  emit({ type: 'finished', result });
  return result;
}

/** The verification's result from its trained runs (in run order). */
function resultOf(prepared: PreparedRuns, trained: TrainedRun[], seconds: number): VerifyResult {
  const runs: RunResult[] = trained.map((t) => t.run);
  const judged: JudgedRun[] = trained.map((t) => t.judged);
  const labels = prepared.data.labels as Record<string, string>;
  for (const t of trained) if (t.labels !== undefined) labels[t.run.label] = t.labels;
  const { confirmed, summary } = summarise(judged, prepared.task.kind);
  return {
    backend: prepared.backend.name,
    runs,
    confirmed,
    seconds,
    scaled: prepared.scaled,
    summary,
    data: prepared.data,
    notes: prepared.notes,
  };
}
