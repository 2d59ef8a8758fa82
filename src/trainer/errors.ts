/**
 * Why a verification could not run. `bad-input` is the user's to fix (an
 * unsupported layer, an unknown input shape, data that cannot be read or does
 * not fit the model): the CLI exits 2 and the editor shows the message.
 * `cancelled` follows Stop. `failed` is anything else.
 */
import { DataError } from './data/errors';

export type VerifyErrorKind = 'bad-input' | 'input-shape-unknown' | 'cancelled' | 'failed';

export class VerifyError extends Error {
  constructor(
    readonly kind: VerifyErrorKind,
    message: string,
    /** For `input-shape-unknown`: a sensible shape to suggest (without the batch axis). */
    readonly suggestion?: number[],
    /** For problems with the user's data: the loader's DataError code (`single-class`, `not-found`…). */
    readonly dataError?: string,
  ) {
    super(message);
    this.name = 'VerifyError';
  }
}

/** The loader's specific complaint about the user's data, as a bad-input refusal. */
export function dataProblem(error: DataError): VerifyError {
  return new VerifyError('bad-input', error.message, undefined, error.code);
}

/** Runs `f`, turning a DataError into a bad-input VerifyError (other errors pass through). */
export async function refusingBadData<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw e instanceof DataError ? dataProblem(e) : e;
  }
}

export function badInput(message: string): VerifyError {
  return new VerifyError('bad-input', message);
}
