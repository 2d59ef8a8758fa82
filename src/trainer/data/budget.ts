/**
 * The memory bounds of loading the user's data, whatever the files claim
 * (docs/data.md): headers and archives can claim billions of rows or pixels in
 * a few bytes, so every allocation that follows a claim is checked here first.
 * With them, loading the default sample peaks under 1 GB.
 */
import { bytesText, DataError, shapeText } from './errors';

/** The sampled inputs, as the float32 batch the model trains on. */
export const MAX_BATCH_BYTES = 600e6;
/** Label values read whole (for the classes and a stratified sample); 8 bytes each. */
export const MAX_LABEL_VALUES = 16 * 2 ** 20;
/** Rows drawn uniformly first when the labels are too many to read whole. */
export const LABEL_SUBSET_ROWS = 65_536;
/** Rows of an array the loader indexes (row numbers are 32-bit). */
export const MAX_ROWS = 2 ** 31 - 1;
/**
 * Working memory of decoding one image (its file, the decoder's buffers, the
 * channel conversion), estimated from the size in the file's header before
 * anything is decoded. Decoding is synchronous, so one image is decoded at a
 * time; a larger one is skipped, with the reason, whatever its file claims.
 */
export const MAX_IMAGE_DECODE_BYTES = 800e6;
/** Peak bytes per pixel of decoding, measured: pure-JS JPEG and 16-bit PNG about 38, tfjs-node's int32 tensor and its copy about 30. */
export const DECODE_BYTES_PER_PIXEL = 40;

/**
 * Refuses a sample whose float32 batch would not fit {@link MAX_BATCH_BYTES},
 * before it is allocated, and says how many examples of this size would.
 */
export function checkBatch(examples: number, exampleShape: readonly number[], what: string): void {
  const values = exampleShape.reduce((a, b) => a * b, 1);
  const bytes = examples * values * 4;
  if (bytes <= MAX_BATCH_BYTES) return;
  const fit = Math.floor(MAX_BATCH_BYTES / (values * 4));
  const advice =
    fit >= 10
      ? `use --sample ${fit} or fewer (or the samples setting), or a smaller input`
      : 'the model input is too large to verify by training; give a smaller input shape';
  throw new DataError(
    'too-large',
    `a sample of ${examples} examples of ${shapeText(exampleShape)} from ${what} would take ${bytesText(bytes)} of memory, more than the ${bytesText(MAX_BATCH_BYTES)} allowed: ${advice}`,
  );
}
