/** The `modelDoctor.training.*` settings, read when a verification starts. */
import * as vscode from 'vscode';
import type { BackendChoice } from '../../trainer/protocol';

export interface TrainingSettings {
  epochs: number;
  samples: number;
  timeBudgetSeconds: number;
  backend: BackendChoice;
  fullSize: boolean;
}

const BACKENDS: BackendChoice[] = ['auto', 'tfjs-node', 'cpu', 'wasm'];

export function trainingSettings(scope?: vscode.Uri): TrainingSettings {
  const c = vscode.workspace.getConfiguration('modelDoctor.training', scope);
  const int = (key: string, fallback: number, min: number, max: number) => {
    const v = c.get<number>(key, fallback);
    return Number.isInteger(v) && v >= min && v <= max ? v : fallback;
  };
  const backend = c.get<string>('backend', 'auto') as BackendChoice;
  return {
    epochs: int('epochs', 10, 1, 1000),
    samples: int('samples', 512, 8, 1_000_000),
    timeBudgetSeconds: int('timeBudgetSeconds', 30, 1, 24 * 3600),
    backend: BACKENDS.includes(backend) ? backend : 'auto',
    fullSize: c.get<boolean>('fullSize', false) === true,
  };
}
