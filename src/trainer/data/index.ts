/**
 * Loading the user's own data for verification: image folders (one subfolder
 * per class), .npy/.npz arrays and CSV files, sampled without reading the
 * whole data. See docs/data.md.
 */
export { loadTrainingData } from './load';
export { probeTrainingData } from './probe';
export { encodeLabels } from './labels';
export { splitForValidation, type DataPart } from './split';
export { formatDataReport } from './report';
export { DataError } from './errors';
export type {
  LoadOptions,
  LabelEncoding,
  DecoderChoice,
  DataReport,
} from './types';
