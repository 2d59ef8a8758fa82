/**
 * Sources the analyzer refuses, and why. A refused source is reported as "not
 * analysed" by every caller (the CLI exits 2, the editor logs it), never as
 * clean: a linter must not pass what it did not read.
 */

/** Larger sources are not analysed: parsing and interpreting 10 MB takes about 1 GB and half a minute. */
export const MAX_SOURCE_CHARACTERS = 10_000_000;

export class SourceNotAnalysed extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SourceNotAnalysed';
  }
}

export function checkSourceSize(text: string): void {
  if (text.length > MAX_SOURCE_CHARACTERS)
    throw new SourceNotAnalysed(
      `too large to analyse (${(text.length / 1e6).toFixed(1)} million characters; the limit is ${MAX_SOURCE_CHARACTERS / 1e6} million)`,
    );
}

/** By name: the JS/TS front end is a separate bundle with its own copy of the class. */
export function isSourceNotAnalysed(error: unknown): error is SourceNotAnalysed {
  return error instanceof Error && error.name === 'SourceNotAnalysed';
}
