/**
 * Spreads a verification's runs over the training processes (one per core,
 * at most two): each process takes the next run when it is free, so the model
 * as written and its fixes train at the same time. It forwards the runs'
 * events, shares an epoch cut made by the time budget, adds the mechanical
 * fixes the symptoms of the model as written point to once the first runs are
 * judged, and puts the result together. Runs in the parent process (no tfjs).
 */
import type { Diagnosis, RunResult, VerifyEvent, VerifyResult } from './protocol';
import type { ModelSpec, TrainingPlan } from './spec';
import { likelyCauses } from './symptoms/causes';
import { chooseExperiments, diagnosisSentence, judgeExperiment } from './symptoms/experiments';
import { summarise } from './summary';
import type { TrainedRun } from './train-run';
import type { ParentMessage, RunMeta, WorkerMessage } from './worker';

export interface WorkerHandle {
  send(message: ParentMessage): void;
}

let nextPlanId = 1;

export class Coordinator {
  private readonly planId = nextPlanId++;
  private readonly workers: WorkerHandle[];
  private readonly queue: number[];
  private readonly idle: WorkerHandle[];
  private readonly done = new Map<number, TrainedRun>();
  private running = 0;
  private epochs: number;
  private startedSent = false;
  private cut: Record<string, unknown> | null = null;
  private meta: RunMeta | null = null;
  private experimentsDecided = false;
  private total: number;
  private readonly timeline: NonNullable<VerifyResult['timeline']>;
  private readonly since: () => number;

  constructor(
    private readonly plan: TrainingPlan,
    /** The full-size spec of the model as written, for the causes' evidence. */
    private readonly asWrittenSpec: ModelSpec,
    workers: WorkerHandle[],
    private readonly emit: (event: VerifyEvent) => void,
    private readonly finish: (result: VerifyResult) => void,
    /** When the verification started (Date.now()), for the timeline. */
    started: number,
  ) {
    this.since = () => +((Date.now() - started) / 1000).toFixed(3);
    this.timeline = { planned: this.since(), ready: [], runs: [] };
    this.workers = workers;
    this.epochs = plan.epochs;
    this.total = plan.variants.length;
    this.queue = plan.variants.map((_, i) => i);
    this.idle = [...workers];
    this.dispatch();
  }

  private dispatch(): void {
    const workers = this.idle.length + this.running;
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.shift()!;
      const run = this.queue.shift()!;
      this.running++;
      this.timeline.runs.push({ run, worker: this.workers.indexOf(worker), start: this.since(), end: 0, epochs: 0 });
      worker.send({
        type: 'train',
        plan: this.plan,
        planId: this.planId,
        run,
        parallel: Math.min(workers, this.total),
        epochs: this.epochs,
      });
    }
  }

  /** A message from one of the workers. */
  receive(worker: WorkerHandle, message: WorkerMessage, others: WorkerHandle[]): void {
    switch (message.type) {
      case 'started':
        this.timeline.ready.push(this.since());
        if (this.startedSent) return;
        this.startedSent = true;
        this.emit(message);
        return;
      case 'epochs-cut':
        if (message.epochs < this.epochs) {
          this.epochs = message.epochs;
          this.cut = message.cut;
          for (const other of others) if (other !== worker) other.send({ type: 'epochs', epochs: message.epochs });
        }
        return;
      case 'run-done': {
        const entry = this.timeline.runs.find((r) => r.run === message.run)!;
        entry.end = this.since();
        entry.epochs = message.trained.run.history.loss.length;
        this.done.set(message.run, message.trained);
        this.meta = {
          backend: message.backend,
          scaled: message.scaled,
          data: message.data,
          notes: message.notes,
          task: message.task,
          inputRange: message.inputRange,
        };
        this.running--;
        this.idle.push(worker);
        this.afterRun();
        return;
      }
      case 'finished':
        return; // only this coordinator finishes a verification
      default:
        this.emit(message);
    }
  }

  private afterRun(): void {
    const variants = this.plan.variants.length;
    if (!this.experimentsDecided && [...Array(variants).keys()].every((i) => this.done.has(i))) {
      this.experimentsDecided = true;
      const asWritten = this.done.get(0)!.run;
      const fixes = [...Array(variants).keys()].slice(1).map((i) => this.done.get(i)!.run);
      const experiments = chooseExperiments(
        asWritten,
        fixes,
        this.asWrittenSpec,
        this.meta!.inputRange,
        !!this.plan.variants[0].rejected,
      );
      if (experiments.length) {
        this.plan.experiments = experiments;
        this.total = variants + experiments.length;
        for (let k = 0; k < experiments.length; k++) this.queue.push(variants + k);
        this.emit({
          type: 'runs-added',
          runs: experiments.map((e) => ({ label: e.label })),
          reason: 'mechanical fixes for the symptoms of the model as written',
        });
      }
    }
    if (this.done.size === this.total && this.experimentsDecided) {
      this.finish(this.result());
      return;
    }
    this.dispatch();
  }

  private result(): VerifyResult {
    const meta = this.meta!;
    const variants = this.plan.variants.length;
    const trained = [...Array(this.total).keys()].map((i) => this.done.get(i)!);
    const runs: RunResult[] = trained.map((t) => t.run);
    const labels = { ...(meta.data.labels as Record<string, string>) };
    for (const t of trained) if (t.labels !== undefined) labels[t.run.label] = t.labels;
    const { confirmed, summary } = summarise(
      trained.slice(0, variants).map((t) => t.judged),
      meta.task,
    );
    const scaled = { ...meta.scaled, ...(this.cut ? { epochs: this.cut } : {}) };
    const asWritten = runs[0];
    const diagnosis = this.diagnosis(runs, meta);
    const sentence = diagnosisSentence(asWritten, diagnosis);
    return {
      backend: meta.backend,
      runs,
      confirmed,
      seconds: 0,
      scaled,
      summary: sentence ? `${summary} ${sentence}` : summary,
      data: { ...meta.data, labels },
      notes: [...meta.notes],
      ...(diagnosis ? { diagnosis } : {}),
      timeline: this.timeline,
    };
  }

  private diagnosis(runs: RunResult[], meta: RunMeta): Diagnosis | undefined {
    const asWritten = runs[0];
    if (!asWritten.symptoms.length || this.plan.variants[0].rejected) return undefined;
    const variants = this.plan.variants.length;
    const experiments = (this.plan.experiments ?? []).map((e, k) => {
      const run = runs[variants + k];
      return {
        label: e.label,
        fix: e.fix,
        run: variants + k,
        verdict: run.verdict,
        ...judgeExperiment(asWritten, run, meta.task),
      };
    });
    // The code's data is evidence only when it is what was trained on.
    const loaded = this.plan.data.user?.origin === 'code' ? this.plan.data.codeSource : undefined;
    const causes = likelyCauses(asWritten.symptoms, this.asWrittenSpec, meta.inputRange, loaded).map((c) => ({
      cause: c.cause,
      evidence: c.evidence,
      explains: c.explains,
      ...(c.fix && experiments.some((e) => e.fix === c.fix)
        ? { fix: experiments.find((e) => e.fix === c.fix)!.label }
        : {}),
    }));
    return { causes, experiments };
  }
}
