/**
 * Loading the user's own data for verification: image folders (one subfolder
 * per class), .npy/.npz arrays and CSV files, sampled without reading the
 * whole data. See docs/data.md.
 */
export { loadTrainingData, DEFAULT_SAMPLE } from './load';
export { probeTrainingData, type DataShape } from './probe';
export { encodeLabels } from './labels';
export { splitForValidation, type DataPart } from './split';
export { formatDataReport } from './report';
export { DataError, type DataErrorCode } from './errors';
export type {
  DataInput,
  LoadOptions,
  LabelEncoding,
  DecoderChoice,
  TrainingData,
  DataReport,
  ClassCount,
  SkippedFile,
  DataKind,
} from './types';
