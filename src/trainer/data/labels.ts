/**
 * Labels: telling class labels from continuous targets, turning stored labels
 * into class ids, and encoding class ids the way a loss expects them.
 */
import { closestNames } from '../../analyzer/rules/edits';
import { DataError } from './errors';
import type { LabelEncoding } from './types';

/** More distinct integer values than this and a label column is a continuous target, not classes. */
const MAX_CLASSES = 1000;

export interface ClassLabels {
  kind: 'classes';
  /** Class id per example. */
  ids: Int32Array;
  names: string[];
  /** How the stored labels were laid out: one id (or name) per example, or one-hot rows. */
  stored: 'ids' | 'names' | 'one-hot';
  /** True when stored integer labels were not 0..k-1 and had to be renumbered. */
  renumbered: boolean;
}

interface ContinuousLabels {
  kind: 'continuous';
  /** Width of one target row (1 for a single column). */
  width: number;
}

export type LabelKind = ClassLabels | ContinuousLabels;

/**
 * Reads class structure from labels stored one value per example. Integer
 * values 0..k-1 are class ids as they are; other integer sets are renumbered in
 * sorted order; non-integers (or more than {@link MAX_CLASSES} values) are a
 * continuous target.
 */
export function classesFromValues(values: ArrayLike<number>): LabelKind {
  const distinct = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v)) return { kind: 'continuous', width: 1 };
    distinct.add(v);
    if (distinct.size > MAX_CLASSES) return { kind: 'continuous', width: 1 };
  }
  const sorted = [...distinct].sort((a, b) => a - b);
  // Ids 0..max are kept as they are when most of them occur (a class may be missing from the
  // sample of data); a set like {1, 2} or {-1, 1} is renumbered 0..k-1 in sorted order.
  const dense = sorted.length > 0 && sorted[0] === 0 && sorted[sorted.length - 1] < 2 * sorted.length;
  const idOf = new Map<number, number>();
  const names: string[] = [];
  if (dense) {
    const max = sorted[sorted.length - 1];
    for (let v = 0; v <= max; v++) {
      idOf.set(v, v);
      names.push(String(v));
    }
  } else {
    sorted.forEach((v, i) => {
      idOf.set(v, i);
      names.push(String(v));
    });
  }
  const ids = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) ids[i] = idOf.get(values[i])!;
  return { kind: 'classes', ids, names, stored: 'ids', renumbered: !dense };
}

/** Class ids from text labels ('cat', 'dog'): classes in sorted order, as Keras and scikit-learn number them. */
export function classesFromNames(names: readonly string[]): ClassLabels {
  const sorted = [...new Set(names)].sort();
  const idOf = new Map(sorted.map((n, i) => [n, i]));
  return {
    kind: 'classes',
    ids: Int32Array.from(names, (n) => idOf.get(n)!),
    names: sorted,
    stored: 'names',
    renumbered: false,
  };
}

/**
 * Labels stored as rows of `width` values: one-hot rows become class ids
 * (argmax); anything else (multi-label, continuous) is a continuous target.
 */
export function classesFromRows(values: ArrayLike<number>, width: number): LabelKind {
  const rows = values.length / width;
  const ids = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let hot = -1;
    for (let c = 0; c < width; c++) {
      const v = values[r * width + c];
      if (v === 1 && hot < 0) hot = c;
      else if (v !== 0) return { kind: 'continuous', width };
    }
    if (hot < 0) return { kind: 'continuous', width };
    ids[r] = hot;
  }
  return {
    kind: 'classes',
    ids,
    names: Array.from({ length: width }, (_, i) => String(i)),
    stored: 'one-hot',
    renumbered: false,
  };
}

/** Encodes class ids for a loss: integer ids [n], binary [n, 1], or one-hot [n, width]. */
export function encodeLabels(
  ids: Int32Array,
  encoding: Exclude<LabelEncoding, 'as-stored'>,
  numClasses: number,
): { y: Float32Array; yShape: number[] } {
  const n = ids.length;
  if (encoding === 'integer') return { y: Float32Array.from(ids), yShape: [n] };
  if (encoding === 'binary') {
    if (numClasses > 2)
      throw new DataError('labels-unusable', `binary labels need two classes, but the data has ${numClasses}`);
    return { y: Float32Array.from(ids), yShape: [n, 1] };
  }
  const y = new Float32Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    if (ids[i] >= numClasses)
      throw new DataError('labels-unusable', `class id ${ids[i]} does not fit ${numClasses} one-hot columns`);
    y[i * numClasses + ids[i]] = 1;
  }
  return { y, yShape: [n, numClasses] };
}

/** A class this much rarer than the largest, with at most {@link ODD_MAX} examples, looks like a mistake in the data. */
const ODD_RATIO = 20;
const ODD_MAX = 2;

/** A class label that looks like a mistake in the data: a typo of another class, one stray row. */
export interface OddLabel {
  name: string;
  count: number;
  /** Where it occurs (as the report numbers rows), the first few. */
  where: string[];
  /** The class it is probably a misspelling of. */
  like: string | null;
}

/**
 * Classes with one or two examples where others have dozens: in real data
 * these are typos (`virginca` among 49 `virginica`) or stray rows far more
 * often than real classes, and one of them is enough to make a model with one
 * output per real class fail. `whereOf` says where a class's examples are.
 */
export function oddLabels(
  names: readonly string[],
  counts: readonly number[],
  whereOf: (classId: number) => string[],
): OddLabel[] {
  const largest = Math.max(0, ...counts);
  const odd: OddLabel[] = [];
  names.forEach((name, c) => {
    const count = counts[c];
    if (count === 0 || count > ODD_MAX || count * ODD_RATIO > largest) return;
    const others = names.filter((_n, k) => k !== c && counts[k] * ODD_RATIO > largest);
    odd.push({ name, count, where: whereOf(c), like: closestNames(name, others, 1)[0] ?? null });
  });
  return odd;
}

export function describeOddLabel(odd: OddLabel): string {
  const times = odd.count === 1 ? 'once' : `${odd.count} times`;
  const like = odd.like ? `, like a misspelling of '${odd.like}'` : '';
  return `label '${odd.name}' occurs only ${times} (${odd.where.join(', ')})${like}`;
}
