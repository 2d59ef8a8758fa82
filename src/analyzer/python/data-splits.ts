/**
 * scikit-learn's row selections: `train_test_split(X, y, ...)` and
 * `shuffle(X, y)` choose rows and keep everything else about each array. Class
 * labels stay the labels they were (one-hot, integer…), data read from a file
 * keeps its file, and a NumPy array of known shape keeps its other axes (its
 * row count is worked out as scikit-learn does when the code gives it).
 */
import type { Value } from '../ir';
import { UNKNOWN } from '../ir';
import { arrayOf, arrayValue } from '../array-data';
import { pixelsOf } from '../pixel-data';
import type { EvaluatedArgs } from './call-site';
import { opaqueData, seq } from './values';

const SPLITS = new Set(['sklearn.model_selection.train_test_split', 'sklearn.cross_validation.train_test_split']);
const SHUFFLES = new Set(['sklearn.utils.shuffle', 'sklearn.utils.resample']);

/** The result of a row-selecting scikit-learn call, or null when `path` is not one. */
export function splitCall(path: string, args: EvaluatedArgs): Value | null {
  if (SPLITS.has(path)) return trainTestSplit(args);
  if (SHUFFLES.has(path)) {
    // resample(n_samples=k) picks k rows; shuffle keeps them all.
    const rows = path.endsWith('.resample') ? (intArg(args, 'n_samples') ?? undefined) : undefined;
    const arrays = args.positional.map((a) => selectRows(a.value, rows));
    if (args.opaqueSplat || arrays.length === 0) return UNKNOWN;
    return arrays.length === 1 ? arrays[0] : seq(arrays, false);
  }
  return null;
}

/** `[X_train, X_test, y_train, y_test, ...]`: two parts of every array, in order. */
function trainTestSplit(args: EvaluatedArgs): Value {
  // `*arrays` unpacked from something unknown: how many parts come back is unknown.
  if (args.opaqueSplat || args.positional.some((a) => a.splat) || args.positional.length === 0) return UNKNOWN;
  const parts: Value[] = [];
  for (const { value } of args.positional) {
    const n = arrayOf(value)?.shape[0] ?? null;
    const sizes = n === null ? null : splitSizes(n, args);
    parts.push(selectRows(value, sizes?.[0] ?? null), selectRows(value, sizes?.[1] ?? null));
  }
  return seq(parts, false);
}

/**
 * scikit-learn's `_validate_shuffle_split`: a float size is a share (the test
 * part rounded up, the train part down), an int a count; with neither given
 * the test part is 25%. Null when a size is not a number the analyzer knows.
 */
function splitSizes(n: number, args: EvaluatedArgs): [number, number] | null {
  const test = sizeArg(args, 'test_size');
  const train = sizeArg(args, 'train_size');
  if (test === undefined || train === undefined) return null;
  const count = (size: number, round: (x: number) => number) =>
    Number.isInteger(size) && size >= 1 ? size : round(size * n);
  let nTest: number;
  let nTrain: number;
  if (test === null && train === null) {
    nTest = Math.ceil(0.25 * n);
    nTrain = n - nTest;
  } else if (test === null) {
    nTrain = count(train!, Math.floor);
    nTest = n - nTrain;
  } else {
    nTest = count(test, Math.ceil);
    nTrain = train === null ? n - nTest : count(train, Math.floor);
  }
  return nTrain > 0 && nTest > 0 && nTrain + nTest <= n ? [nTrain, nTest] : null;
}

/** A size keyword: its number, null when not given (or None), undefined when given as something unknown. */
function sizeArg(args: EvaluatedArgs, name: string): number | null | undefined {
  const v = args.keyword.get(name)?.value;
  if (!v || v.kind === 'none') return null;
  return v.kind === 'number' && v.value > 0 ? v.value : undefined;
}

function intArg(args: EvaluatedArgs, name: string): number | null {
  const v = args.keyword.get(name)?.value;
  return v?.kind === 'number' && v.isInt ? v.value : null;
}

/** Some rows of `value`: labels, file data and images stay what they are; an array of known shape gets `rows` rows. */
function selectRows(value: Value, rows: number | null | undefined): Value {
  if (value.kind === 'labels' || opaqueData(value, 'data') || opaqueData(value, 'dataframe') || pixelsOf(value))
    return value;
  const array = arrayOf(value);
  if (array && array.shape.length > 0) {
    const shape = [rows === undefined ? array.shape[0] : rows, ...array.shape.slice(1)];
    return arrayValue({ ...array, shape });
  }
  return UNKNOWN;
}
