/**
 * What the verify webview shows, reduced from the trainer's events. The
 * extension keeps it (a hidden webview loses its page) and sends it whole when
 * the page (re)loads; the page also saves it with setState for restarts.
 */
import type {
  EpochLogs,
  ProbeEpoch,
  RunResult,
  Symptom,
  VerifyEvent,
  VerifyResult,
  Verdict,
} from '../../trainer/protocol';

interface PanelRun {
  label: string;
  /** Index of the fix among the plan's variants (0 = as written). */
  variant: number;
  epochs: EpochLogs[];
  verdict?: Verdict;
  detail?: string;
  canApply: boolean;
  /** The training probe (per-layer gradients, dead units…) epoch by epoch, for the strips. */
  probe: ProbeEpoch[];
  symptoms?: Symptom[];
  stopped?: RunResult['stopped'];
}

export interface PanelState {
  title: string;
  status: 'planning' | 'training' | 'finished' | 'stopped' | 'error';
  runs: PanelRun[];
  progress?: { run: number; epoch: number; batch?: number; batches?: number; epochs: number };
  backend?: string;
  backendNote?: string;
  data?: Record<string, unknown>;
  scaled?: Record<string, unknown>;
  result?: Pick<VerifyResult, 'confirmed' | 'summary' | 'seconds' | 'notes' | 'diagnosis'>;
  /** "Verify by training" (fixes of static findings are trained) or "Diagnose by training" (the model alone). */
  heading?: string;
  error?: string;
  /** Whether "Apply this fix" still matches the document (it has not changed since). */
  applied?: string;
  /** Offer "Train on your data…" (the run used synthetic data and the workspace is trusted). */
  canPickData?: boolean;
  /** Said next to the data when the user's data may not be read here. */
  dataHint?: string;
  /** The run trains on the user's data: the sample is loaded before training starts. */
  loadingData?: boolean;
}

export function initialState(title: string): PanelState {
  return { title, status: 'planning', runs: [] };
}

export function reduce(state: PanelState, event: VerifyEvent, epochs: number): PanelState {
  switch (event.type) {
    case 'started':
      return {
        ...state,
        status: 'training',
        backend: event.backend,
        backendNote: event.backendNote,
        data: event.data,
        scaled: event.scaled,
        runs: event.runs.map((r, i) => ({ label: r.label, variant: i, epochs: [], canApply: i > 0, probe: [] })),
        progress: { run: 0, epoch: 0, epochs },
      };
    case 'runs-added': {
      const added = event.runs.map((r, k) => ({
        label: r.label,
        variant: state.runs.length + k,
        epochs: [],
        canApply: false,
        probe: [],
      }));
      return { ...state, runs: [...state.runs, ...added] };
    }
    case 'probe': {
      const runs = state.runs.map((r, i) =>
        i === event.run ? { ...r, probe: [{ epoch: event.epoch, layers: event.layers }] } : r,
      );
      return { ...state, runs };
    }
    case 'epoch': {
      const probe = event.probe;
      const runs = state.runs.map((r, i) =>
        i === event.run
          ? {
              ...r,
              epochs: [...r.epochs, event.logs],
              probe: probe ? [...r.probe, { epoch: event.epoch + 1, layers: probe }] : r.probe,
            }
          : r,
      );
      return {
        ...state,
        runs,
        progress: { run: event.run, epoch: event.epoch + 1, epochs: state.progress?.epochs ?? epochs },
      };
    }
    case 'batch':
      return {
        ...state,
        progress: {
          run: event.run,
          epoch: event.epoch,
          batch: event.batch,
          batches: event.batches,
          epochs: state.progress?.epochs ?? epochs,
        },
      };
    case 'run-finished': {
      const runs = state.runs.map((r, i) =>
        i === event.run
          ? { ...r, verdict: event.verdict, detail: event.detail, symptoms: event.symptoms, stopped: event.stopped }
          : r,
      );
      return { ...state, runs };
    }
    case 'finished': {
      const r = event.result;
      const runs = state.runs.map((run, i) => {
        const h = r.runs[i]?.history;
        const epochsFromResult = h
          ? h.loss.map((loss, k) => ({
              loss,
              accuracy: h.accuracy[k],
              val_loss: h.val_loss[k],
              val_accuracy: h.val_accuracy[k],
            }))
          : run.epochs;
        const done = r.runs[i];
        return {
          ...run,
          epochs: epochsFromResult,
          verdict: done?.verdict,
          detail: done?.detail,
          symptoms: done?.symptoms ?? [],
          probe: done?.probe ?? run.probe,
          stopped: done?.stopped,
        };
      });
      return {
        ...state,
        status: 'finished',
        runs,
        scaled: r.scaled,
        data: r.data,
        backend: r.backend,
        result: {
          confirmed: r.confirmed,
          summary: r.summary,
          seconds: r.seconds,
          notes: r.notes,
          ...(r.diagnosis ? { diagnosis: r.diagnosis } : {}),
        },
        progress: undefined,
      };
    }
    case 'error':
      return { ...state, status: 'error', error: event.message, progress: undefined };
  }
}
