/**
 * Which data "Verify by training" may read, decided from workspace trust (no
 * `vscode` here, so it is unit-tested): reading the user's files (the data the
 * code names, or a folder/file they pick) needs a trusted workspace; otherwise
 * the verification trains on synthetic data and says why.
 */
import type { DataRequest } from '../../trainer/protocol';

/** Why an untrusted workspace trains on synthetic data (completes "the code loads X, but …"). */
export const UNTRUSTED_REASON = 'reading workspace files needs a trusted workspace (this one is in Restricted Mode)';

export interface PickedData {
  path: string;
  labelsPath?: string;
}

export type DataChoice =
  /** Ask the trainer for this data (`data` absent: synthetic), with the reason the trainer reports when the code names data it may not read. */
  | { kind: 'train'; data?: DataRequest; syntheticReason?: string }
  /** The user picked data that may not be read here: say so instead of training. */
  | { kind: 'refuse'; message: string };

export function chooseData(trusted: boolean, picked?: PickedData): DataChoice {
  if (!trusted) {
    if (picked)
      return {
        kind: 'refuse',
        message: `training on ${picked.path} needs a trusted workspace; trust this workspace (Manage Workspace Trust) or verify on synthetic data`,
      };
    return { kind: 'train', syntheticReason: UNTRUSTED_REASON };
  }
  if (picked)
    return {
      kind: 'train',
      data: picked.labelsPath ? { path: picked.path, labelsPath: picked.labelsPath } : { path: picked.path },
    };
  // The data the code loads, when it names data that exists; synthetic otherwise (the result says why).
  return { kind: 'train', data: { fromCode: true } };
}

/** Offer "Train on your data…" after a run on synthetic data, where the user's files may be read. */
export function offersOwnData(trusted: boolean, data: Record<string, unknown> | undefined): boolean {
  return trusted && !!data && data.source === 'synthetic';
}

/** What the panel says about the data when the workspace is not trusted and the code names none. */
export function restrictedHint(trusted: boolean, data: Record<string, unknown> | undefined): string | undefined {
  if (trusted || !data || data.source !== 'synthetic' || data.synthetic_reason) return undefined;
  return 'training on your own data needs a trusted workspace (this one is in Restricted Mode)';
}
