/**
 * Why a verification could not run. `bad-input` is the user's to fix (an
 * unsupported layer, an unknown input shape): the CLI exits 2 and the editor
 * shows the message. `cancelled` follows Stop. `failed` is anything else.
 */
export type VerifyErrorKind = 'bad-input' | 'input-shape-unknown' | 'cancelled' | 'failed';

export class VerifyError extends Error {
  constructor(
    readonly kind: VerifyErrorKind,
    message: string,
    /** For `input-shape-unknown`: a sensible shape to suggest (without the batch axis). */
    readonly suggestion?: number[],
  ) {
    super(message);
    this.name = 'VerifyError';
  }
}

export function badInput(message: string): VerifyError {
  return new VerifyError('bad-input', message);
}
