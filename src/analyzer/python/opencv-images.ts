/**
 * Shapes of images OpenCV reads and changes, as image-folder loaders on Stack
 * Overflow write them: `cv2.imread(path)` is (height, width, 3) BGR,
 * `cv2.resize(img, (64, 64))` takes its size as (width, height),
 * `cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)` drops the channel axis. Heights and
 * widths of files are not known; sizes the code writes are.
 */
import type { Value } from '../ir';
import { intOf, type Shape } from './array-shapes';
import type { EvaluatedArgs } from './call-site';

/** cv2.imread's flags: what each gives (null: as the file is, not known). */
const READ_CHANNELS: Record<string, number | 'gray' | null> = {
  IMREAD_COLOR: 3,
  IMREAD_GRAYSCALE: 'gray',
  IMREAD_UNCHANGED: null,
};

function flagName(v: Value | undefined): string | null {
  return v?.kind === 'ref' && v.path.startsWith('cv2.') ? v.path.slice(4) : null;
}

/** `cv2.imread(path[, flags])`: null when the flags are not known or keep the file's channels. */
export function imreadShape(args: EvaluatedArgs): Shape | null {
  const flags = args.positional[1]?.value ?? args.keyword.get('flags')?.value;
  if (!flags) return [null, null, 3];
  const name = flagName(flags);
  const read = name !== null ? READ_CHANNELS[name] : { 1: 3, 0: 'gray' as const }[intOf(flags) ?? -1];
  if (read === undefined || read === null) return null;
  return read === 'gray' ? [null, null] : [null, null, read];
}

/** `cv2.resize(img, (width, height))`: null for a size given by factors (`fx`, `fy`) or not known. */
export function resizedShape(shape: Shape | null, args: EvaluatedArgs): Shape | null {
  if (!shape || shape.length < 2) return null;
  const size = args.positional[1]?.value ?? args.keyword.get('dsize')?.value;
  if (size?.kind !== 'sequence' || size.items.length !== 2) return null;
  const [width, height] = size.items.map(intOf);
  if (width === null || height === null || width <= 0 || height <= 0) return null;
  return [height, width, ...shape.slice(2)];
}

/** `cv2.cvtColor(img, code)`: to gray drops the channel axis, between colour orders keeps it. */
export function convertedShape(shape: Shape | null, args: EvaluatedArgs): Shape | null {
  const code = flagName(args.positional[1]?.value ?? args.keyword.get('code')?.value);
  if (!shape || !code) return null;
  if (/^COLOR_(BGR|RGB)2(RGB|BGR)$/.test(code)) return shape;
  if (/^COLOR_(BGR|RGB)2GRAY$/.test(code)) return shape.length === 3 ? shape.slice(0, 2) : null;
  if (/^COLOR_GRAY2(BGR|RGB)$/.test(code)) return shape.length === 2 ? [...shape, 3] : null;
  return null;
}
