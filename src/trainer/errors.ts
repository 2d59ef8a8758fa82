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

/**
 * The user's data failing to load, as a DataError: the loader's own, or a file
 * system error (permission denied, a folder where a file was expected…) that
 * the loader let through, which is about the data too, not an internal failure.
 */
export function asDataError(e: unknown): DataError | null {
  if (e instanceof DataError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
    return new DataError('unreadable', `your data could not be read: ${(e as Error).message}`);
  return null;
}

/** Runs `f`, turning a data loading failure into a bad-input VerifyError (other errors pass through). */
export async function refusingBadData<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    const data = asDataError(e);
    throw data ? dataProblem(data) : e;
  }
}

export function badInput(message: string): VerifyError {
  return new VerifyError('bad-input', message);
}
