/**
 * Which data a verification trains on, decided where the analyzer is (the
 * extension host or the CLI) before the training process starts: the data the
 * user gave, the data the analysed code loads (when it exists), or synthetic
 * data with the reason. Here paths are only resolved (and, when the code does
 * not state the input shape, the data is probed for it); the training process
 * reads the sample.
 */
import type { DataSource, FitInfo, ModelIR } from '../analyzer/ir';
import { DataError } from './data/errors';
import { planLoad } from './data/plan';
import { probeTrainingData } from './data/probe';
import type { DataInput } from './data/types';
import { asDataError, badInput, dataProblem, refusingBadData } from './errors';
import { formatShape } from './input-shape';
import type { VerifyRequest } from './protocol';
import type { UserDataPlan } from './spec';

/** The data the code's `fit` call loads, as the analyzer resolved it. */
export interface CodeData {
  input: { source: DataSource; labels?: DataSource };
  /** For messages: "the image folder 'photos' (line 7)". */
  described: string;
}

export interface DataDecision {
  /** The user's data to train on; absent: synthetic data. */
  user?: UserDataPlan;
  /** Why the data is synthetic although the code names data or data was asked for. */
  syntheticReason?: string;
  /** The data the code names, whether or not it is used (callers decide whether they may read it). */
  codeData: CodeData | null;
}

/** Examples read from the user's data are split so that this share validates (as the synthetic 512 + 128). */
export const VALIDATION_FRACTION = 0.2;
const SAMPLE_LIMITS = { min: 10, max: 1_000_000 };

const KIND_WORDS: Record<DataSource['kind'], string> = {
  'image-directory': 'the image folder',
  npy: 'the array',
  npz: 'the archive',
  csv: 'the table',
};

/** The first `fit` (unconditional ones first) whose data the analyzer resolved. */
function codeDataOf(model: ModelIR, lineOf: (offset: number) => number): CodeData | null {
  const fits = [...model.fits].sort((a, b) => Number(a.conditional) - Number(b.conditional));
  const fit: FitInfo | undefined = fits.find((f) => f.xSource);
  if (!fit?.xSource) return null;
  const source = fit.xSource;
  return {
    input: fit.ySource ? { source, labels: fit.ySource } : { source },
    described: `${KIND_WORDS[source.kind]} '${source.path}' (line ${lineOf(source.span.start)})`,
  };
}

/**
 * The data to train on. Throws a bad-input VerifyError when data the user gave
 * cannot be found or read; data the code names falls back to synthetic data
 * (with the reason) when it does not exist.
 */
export function decideData(
  model: ModelIR,
  request: VerifyRequest,
  lineOf: (offset: number) => number,
  defaultSample: number,
): DataDecision {
  const codeData = codeDataOf(model, lineOf);
  const asked = request.data;
  const baseDirs = [...new Set(request.dataBaseDirs ?? [])];
  if (!asked) {
    return {
      codeData,
      ...(codeData && request.syntheticReason
        ? { syntheticReason: `the code loads ${codeData.described}, but ${request.syntheticReason}` }
        : {}),
    };
  }
  const sample = asked.sample ?? defaultSample;
  if (!Number.isInteger(sample) || sample < SAMPLE_LIMITS.min || sample > SAMPLE_LIMITS.max) {
    throw badInput(`the sample of your data must be a whole number from ${SAMPLE_LIMITS.min} to ${SAMPLE_LIMITS.max}`);
  }
  if ('path' in asked) {
    let input: DataInput = asked.labelsPath ? { path: asked.path, labelsPath: asked.labelsPath } : { path: asked.path };
    try {
      const planned = planLoad(input, baseDirs);
      // A folder in place of the code's image folder is loaded the way the code loads its own (size, colour, rescale).
      const code = codeData?.input.source;
      if (planned.kind === 'image-directory' && code?.kind === 'image-directory' && !asked.labelsPath) {
        input = { source: { ...code, path: planned.root } };
        return { user: { input, baseDirs, sample, origin: 'user', loadedLike: codeData!.described }, codeData };
      }
    } catch (e) {
      const data = asDataError(e);
      throw data ? dataProblem(data) : e;
    }
    return { user: { input, baseDirs, sample, origin: 'user' }, codeData };
  }
  if (!codeData) return { codeData, syntheticReason: 'the code does not name data Model Doctor can read' };
  const { source, labels } = codeData.input;
  if (source.kind === 'npy' && !labels) {
    return {
      codeData,
      syntheticReason: `the code loads its inputs from ${codeData.described}, but where its labels come from could not be traced`,
    };
  }
  try {
    planLoad(codeData.input, baseDirs);
  } catch (e) {
    if (e instanceof DataError && e.code === 'not-found')
      return { codeData, syntheticReason: `the code loads ${codeData.described}, but ${e.message}` };
    const data = asDataError(e);
    throw data ? dataProblem(data) : e;
  }
  return { user: { input: codeData.input, baseDirs, sample, origin: 'code' }, codeData };
}

/**
 * The input shape from the data, for a model whose code does not state it:
 * one example's shape, fitted to the dimensions the code does state.
 */
export async function inputShapeFromData(
  user: UserDataPlan,
  partial: (number | null)[] | undefined,
): Promise<number[]> {
  const shape = await refusingBadData(() =>
    probeTrainingData(user.input, { baseDirs: user.baseDirs, inputShape: partial }),
  );
  if (shape.sampleShape.some((d) => !Number.isInteger(d) || d <= 0))
    throw badInput(`the data's examples have no usable shape (${formatShape(shape.sampleShape)})`);
  return shape.sampleShape;
}

/** Training and validation counts for a sample of the user's data (at most: small data gives fewer). */
export function splitCounts(sample: number): { train: number; validation: number } {
  const validation = Math.max(1, Math.round(sample * VALIDATION_FRACTION));
  return { train: sample - validation, validation };
}
