/**
 * Keras's session-wide image data format: which axis of an image holds its
 * channels for every layer built without `data_format=`. Keras reads it when a
 * layer is constructed (keras/src/backend/config.py `standardize_data_format`),
 * so the construction layer keeps it as state while it runs the program:
 *
 *   state = DEFAULT_IMAGE_DATA_FORMAT
 *   call → imageDataFormatCall(path, firstArg):
 *     'set' → state = format (null: set to something the analyzer cannot read)
 *     'get' → the call's value is formatValue(call, state)
 *   new layer → layer.imageDataFormat = state  (LayerArgs.dataFormat reads it)
 *   branches that end with different states → null
 *
 * so `if K.image_data_format() == 'channels_first': input_shape = (1, 28, 28)`
 * takes the branch Keras takes: none, on a fresh install (keras.json's default
 * is 'channels_last'; the analyzer cannot see the user's keras.json).
 * Keras 1/2's `set_image_dim_ordering('th')` / `image_dim_ordering()` spell
 * the same state 'th' / 'tf' (Keras 3 no longer has them).
 */
import type { Value } from '../ir';

export type ImageDataFormat = 'channels_last' | 'channels_first';

export const DEFAULT_IMAGE_DATA_FORMAT: ImageDataFormat = 'channels_last';

export type ImageDataFormatCall =
  | { kind: 'set'; format: ImageDataFormat | null }
  | { kind: 'get'; spelling: 'data_format' | 'dim_ordering' };

const CALL = /^keras\.(?:backend|config)(?:\.[\w.]+)?\.(set_)?image_(data_format|dim_ordering)$/;

/** A format as Keras spells it (case-insensitive, as set_image_data_format lower-cases it), or null. */
function readFormat(v: Value | undefined, spelling: 'data_format' | 'dim_ordering'): ImageDataFormat | null {
  if (v?.kind !== 'string') return null;
  const s = v.value.toLowerCase();
  if (spelling === 'dim_ordering') return s === 'th' ? 'channels_first' : s === 'tf' ? 'channels_last' : null;
  return s === 'channels_first' || s === 'channels_last' ? s : null;
}

/**
 * What a call does to the session's image data format: `path` is the callee's
 * canonical path (`keras.backend.set_image_data_format`,
 * `keras.config.image_data_format`, `keras.backend.set_image_dim_ordering`),
 * `firstArg` its first argument. Null when the call has nothing to do with it.
 */
export function imageDataFormatCall(path: string, firstArg: Value | undefined): ImageDataFormatCall | null {
  const m = CALL.exec(path);
  if (!m) return null;
  const spelling = m[2] as 'data_format' | 'dim_ordering';
  return m[1] ? { kind: 'set', format: readFormat(firstArg, spelling) } : { kind: 'get', spelling };
}

/** What a getter returns in state `format`: 'channels_first' / 'channels_last', or Keras 1's 'th' / 'tf'. */
export function formatValue(call: { spelling: 'data_format' | 'dim_ordering' }, format: ImageDataFormat | null): Value {
  if (format === null) return { kind: 'unknown' };
  if (call.spelling === 'dim_ordering') return { kind: 'string', value: format === 'channels_first' ? 'th' : 'tf' };
  return { kind: 'string', value: format };
}
