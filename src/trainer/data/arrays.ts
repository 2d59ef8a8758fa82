/**
 * Array data (.npy, .npz, CSV): opening the inputs as a row source without
 * reading them, reading the labels whole (they are small: one value or one
 * one-hot row per example), then reading only the sampled input rows.
 */
import * as path from 'node:path';
import { scanCsv, readCsvRows, type CsvTable } from './csv/table';
import type { Delimiter } from './csv/records';
import { DataError, shapeText } from './errors';
import { LABEL_SUBSET_ROWS, MAX_LABEL_VALUES } from './budget';
import { classesFromNames, classesFromRows, classesFromValues, type LabelKind } from './labels';
import type { RandomAccessFile } from './file-reader';
import { openNpyArray, readRows, readTextRows, type NpyArray } from './npy/array';
import { isNumeric } from './npy/header';
import { guessNpzKeys, openNpz, openNpzArray, type NpzArchive } from './npy/npz';
import { uniformSubset } from './sampling';

/**
 * Where one array comes from. `key`/`column` undefined: the loader guesses; null: none.
 * For a CSV, `column` is the label column: the one taken as labels, and left out of the inputs.
 * `rescale` multiplies the values (`x / 255.0` in the code).
 */
export type ArraySpec = (
  | { kind: 'npy'; path: string }
  | { kind: 'npz'; path: string; key: string | null }
  | { kind: 'csv'; path: string; column: string | number | null | undefined; delimiter: Delimiter | undefined }
) & { rescale?: number | null };

/** The inputs, as rows that can be read on demand. */
export interface RowSource {
  what: string;
  /** Usable rows (what readRows indexes). */
  rows: number;
  /** Rows in the file, usable or not; with `usable`, lines the rows up with labels from another file. */
  records: number;
  /** Record number of each usable row; null when every record is usable. */
  usable: Int32Array | null;
  rowShape: number[];
  /** Stored element type, for the report ('float32', 'uint8', 'CSV numbers'). */
  storedAs: string;
  readRows(rows: Int32Array): Promise<Float32Array>;
  notes: string[];
  skipped: number;
  skippedExamples: string[];
}

/** Labels read whole: numbers (any shape per row) or text (one per row). */
export interface StoredLabels {
  what: string;
  rows: number;
  records: number;
  usable: Int32Array | null;
  rowShape: number[];
  numbers: Float64Array | null;
  texts: string[] | null;
  notes: string[];
}

export type FileOpener = (path: string) => Promise<RandomAccessFile>;

const DTYPE_NAMES: Record<string, string> = { bool1: 'bool', float2: 'float16', float4: 'float32', float8: 'float64' };
function dtypeName(array: NpyArray): string {
  const { kind, itemSize } = array.header.dtype;
  return DTYPE_NAMES[`${kind}${itemSize}`] ?? `${kind}${itemSize * 8}`;
}

function npyRowSource(array: NpyArray): RowSource {
  return {
    what: array.source.what,
    rows: array.rows,
    records: array.rows,
    usable: null,
    rowShape: array.rowShape,
    storedAs: dtypeName(array),
    readRows: async (rows) => (await readRows(array, rows, 'f32')) as Float32Array,
    notes:
      array.header.fortranOrder && array.rowLength > 1
        ? [`${array.source.what} is in Fortran order: it was streamed through once to pick the sampled rows`]
        : [],
    skipped: 0,
    skippedExamples: [],
  };
}

function csvRowSource(table: CsvTable): RowSource {
  const notes: string[] = [];
  if (table.droppedColumns.length > 0)
    notes.push(`columns not used (not numeric): ${table.droppedColumns.map((c) => `'${c}'`).join(', ')}`);
  notes.push(table.header ? `${table.what}: first row read as the header` : `${table.what}: no header row`);
  if (table.truncated) notes.push(`${table.what}: only its first ${table.records} rows were read (the file has more)`);
  return {
    what: table.what,
    rows: table.usable.length,
    records: table.records,
    usable: table.usable.length === table.records ? null : table.usable,
    rowShape: [table.featureColumns.length],
    storedAs: 'CSV numbers',
    readRows: (rows) => readCsvRows(table, rows),
    notes,
    skipped: table.skipped,
    skippedExamples: table.skippedExamples,
  };
}

function csvLabels(table: CsvTable): StoredLabels {
  const columns = table.columnNames.length;
  const last = table.labelColumn === columns - 1;
  let what: string;
  if (columns === 1) what = table.what;
  else if (table.header) what = `column '${table.header[table.labelColumn]}' of ${table.what}`;
  else what = `column ${table.labelColumn} of ${table.what}`;
  if (table.labelGuessed && columns > 1)
    what += table.header && !last ? ' (guessed from its name)' : ' (guessed: the last column)';
  return {
    what,
    rows: table.usable.length,
    records: table.records,
    usable: table.usable.length === table.records ? null : table.usable,
    rowShape: [],
    numbers: table.labelTexts ? null : table.labelNumbers,
    texts: table.labelTexts,
    notes: [],
  };
}

/**
 * Labels from an array, read whole when they fit {@link MAX_LABEL_VALUES};
 * otherwise from a uniform, seeded subset of rows (the inputs follow the same
 * subset), so memory follows the sample, not what the header claims.
 */
async function npyLabels(
  array: NpyArray,
  inputs: RowSource,
  seed: number,
): Promise<{ labels: StoredLabels; inputs: RowSource }> {
  const text = !isNumeric(array.header.dtype);
  if (text && array.rowLength !== 1)
    throw new DataError(
      'labels-unusable',
      `${array.source.what} holds text of shape ${shapeText(array.header.shape)}; text labels need one per example`,
    );
  const base = { what: array.source.what, usable: null, rowShape: array.rowShape, notes: [] as string[] };
  if (array.rows * array.rowLength <= MAX_LABEL_VALUES) {
    const all = Int32Array.from({ length: array.rows }, (_, i) => i);
    const labels: StoredLabels = {
      ...base,
      rows: array.rows,
      records: array.rows,
      numbers: text ? null : ((await readRows(array, all, 'f64')) as Float64Array),
      texts: text ? await readTextRows(array) : null,
    };
    return { labels, inputs };
  }
  if (inputs.usable !== null || array.rowLength > MAX_LABEL_VALUES / LABEL_SUBSET_ROWS)
    throw new DataError(
      'too-large',
      `${array.source.what} holds ${array.rows * array.rowLength} label values, more than Model Doctor reads (${MAX_LABEL_VALUES})`,
    );
  const subset = uniformSubset(array.rows, LABEL_SUBSET_ROWS, seed);
  const labels: StoredLabels = {
    ...base,
    rows: subset.length,
    records: subset.length,
    numbers: text ? null : ((await readRows(array, subset, 'f64')) as Float64Array),
    texts: text ? await readTextRows(array, subset) : null,
    notes: [
      `${array.rows} examples are more than are labelled whole: the classes and the sample come from ${subset.length} examples drawn uniformly (seeded)`,
    ],
  };
  const subsetInputs: RowSource = {
    ...inputs,
    rows: subset.length,
    records: subset.length,
    readRows: (rows) => inputs.readRows(rows.map((r) => subset[r])),
  };
  return { labels, inputs: subsetInputs };
}

/** How a user names an array of an archive: `d.npz:x_train` (keys may hold `/`: `d.npz:train/x`). */
function selector(file: string, key: string): string {
  return `${path.basename(file)}:${key}`;
}

function checkLengths(inputs: RowSource, labelsWhat: string, labelRecords: number): void {
  if (inputs.records !== labelRecords) {
    throw new DataError(
      'length-mismatch',
      `the inputs and labels differ in length: ${inputs.what} has ${inputs.records} rows but ${labelsWhat} has ${labelRecords}; every example needs exactly one label`,
    );
  }
}

/**
 * Opens the inputs and the labels. Labels come from `y` when given, else from
 * the inputs' own file (the label column of a CSV, the `y`-like array of an .npz).
 */
export async function openArrays(
  x: ArraySpec,
  y: ArraySpec | null,
  open: FileOpener,
  seed = 0,
): Promise<{ inputs: RowSource; labels: StoredLabels; key?: string }> {
  const archives = new Map<string, NpzArchive>();
  const archive = async (p: string) => {
    let a = archives.get(p);
    if (!a) archives.set(p, (a = await openNpz(await open(p))));
    return a;
  };

  let inputs: RowSource;
  let labels: StoredLabels | null = null;
  let key: string | undefined;
  if (x.kind === 'npy') {
    const file = await open(x.path);
    inputs = npyRowSource(await openNpyArray({ file, what: path.basename(x.path), start: 0, length: file.size }));
  } else if (x.kind === 'npz') {
    const a = await archive(x.path);
    const sameFileY = y?.kind === 'npz' && y.path === x.path ? y.key : null;
    let xKey = x.key;
    if (!xKey || (!y && !sameFileY)) {
      const guess = await guessNpzKeys(a, xKey, sameFileY);
      if (!guess) {
        throw new DataError(
          'npz-key',
          `${path.basename(x.path)} holds ${a.keys.map((k) => `'${k}'`).join(', ')}: it is not clear which array is the inputs and which the labels; name them (e.g. --data ${selector(x.path, a.keys[0])} --labels ${selector(x.path, a.keys[1] ?? 'y')})`,
        );
      }
      xKey = guess.x;
      if (!y) y = { kind: 'npz', path: x.path, key: guess.y };
    }
    key = xKey;
    inputs = npyRowSource(await openNpzArray(a, xKey));
  } else {
    // `x = df.drop('label', axis=1); y = df['label']`: one file, one label column, read in one scan.
    const sameFileY = y?.kind === 'csv' && y.path === x.path ? y : null;
    const labelColumn = x.column ?? sameFileY?.column ?? (y ? null : undefined);
    const table = await scanCsv(await open(x.path), { delimiter: x.delimiter, labelColumn });
    inputs = csvRowSource(table);
    if (!y || (sameFileY && (sameFileY.column == null || sameFileY.column === labelColumn))) labels = csvLabels(table);
  }

  if (!labels) {
    if (!y) {
      throw new DataError(
        'labels-unusable',
        `${inputs.what} holds the inputs only: say where the labels are (--labels PATH, or the y array of the same fit call)`,
      );
    }
    let labelArray: NpyArray | null = null;
    if (y.kind === 'npy') {
      const file = await open(y.path);
      labelArray = await openNpyArray({ file, what: path.basename(y.path), start: 0, length: file.size });
    } else if (y.kind === 'npz') {
      const a = await archive(y.path);
      const yKey = y.key ?? (await guessNpzKeys(a, null, null))?.y ?? (a.keys.length === 1 ? a.keys[0] : null);
      if (!yKey)
        throw new DataError(
          'npz-key',
          `${path.basename(y.path)} holds ${a.keys.map((k) => `'${k}'`).join(', ')}: name the labels array (e.g. --labels ${selector(y.path, a.keys[0])})`,
        );
      labelArray = await openNpzArray(a, yKey);
    } else {
      labels = csvLabels(
        await scanCsv(await open(y.path), { delimiter: y.delimiter, labelColumn: y.column, labelsOnly: true }),
      );
    }
    if (labelArray) {
      // Lengths first: a header claiming billions of labels is refused before any is read.
      checkLengths(inputs, labelArray.source.what, labelArray.rows);
      ({ labels, inputs } = await npyLabels(labelArray, inputs, seed));
    }
  }

  checkLengths(inputs, labels!.what, labels!.records);
  return { ...alignRows(inputs, labels!), key };
}

/**
 * Lines up inputs and labels from different files when either skipped
 * unusable rows (a CSV row with a missing value): keeps the rows usable in
 * both, so row i of the inputs always goes with label i.
 */
function alignRows(inputs: RowSource, labels: StoredLabels): { inputs: RowSource; labels: StoredLabels } {
  if (inputs.usable === null && labels.usable === null) return { inputs, labels };
  const records = inputs.records;
  const xAt = new Int32Array(records).fill(-1);
  const yAt = new Int32Array(records).fill(-1);
  for (let i = 0; i < inputs.rows; i++) xAt[inputs.usable ? inputs.usable[i] : i] = i;
  for (let i = 0; i < labels.rows; i++) yAt[labels.usable ? labels.usable[i] : i] = i;
  const xRows: number[] = [];
  const yRows: number[] = [];
  for (let r = 0; r < records; r++) {
    if (xAt[r] >= 0 && yAt[r] >= 0) {
      xRows.push(xAt[r]);
      yRows.push(yAt[r]);
    }
  }
  if (xRows.length === inputs.rows && yRows.length === labels.rows) return { inputs, labels };
  const width = labels.rowShape.reduce((a, b) => a * b, 1);
  const numbers = labels.numbers ? new Float64Array(yRows.length * width) : null;
  if (numbers) yRows.forEach((y, i) => numbers.set(labels.numbers!.subarray(y * width, (y + 1) * width), i * width));
  const xIndex = Int32Array.from(xRows);
  return {
    inputs: { ...inputs, rows: xRows.length, readRows: (rows) => inputs.readRows(rows.map((r) => xIndex[r])) },
    labels: { ...labels, rows: yRows.length, numbers, texts: labels.texts ? yRows.map((y) => labels.texts![y]) : null },
  };
}

/** Class structure of stored labels: text, one id per row, or one-hot rows; else a continuous target. */
export function labelKindOf(labels: StoredLabels): LabelKind {
  if (labels.texts) return classesFromNames(labels.texts);
  const width = labels.rowShape.reduce((a, b) => a * b, 1);
  return width === 1 ? classesFromValues(labels.numbers!) : classesFromRows(labels.numbers!, width);
}

/**
 * The shape rows are handed to the model in: as stored when the model says
 * nothing or agrees; reshaped when only the layout differs (28×28 rows for an
 * input of 28×28×1 or 784 — the code may reshape after loading, which the
 * analyzer does not follow); otherwise the data cannot fit the model.
 */
export function fitRowShape(
  rowShape: number[],
  inputShape: readonly (number | null)[] | undefined,
  what: string,
): number[] {
  if (!inputShape || inputShape.length === 0) return rowShape;
  const matches = inputShape.length === rowShape.length && inputShape.every((d, i) => d === null || d === rowShape[i]);
  if (matches) return rowShape;
  const size = rowShape.reduce((a, b) => a * b, 1);
  const known = inputShape.every((d) => d !== null);
  if (known && (inputShape as number[]).reduce((a, b) => a * b, 1) === size) return [...(inputShape as number[])];
  throw new DataError(
    'shape-mismatch',
    `each example in ${what} has shape ${shapeText(rowShape)} (${size} values) but the model's input is ${shapeText(inputShape)}: the data cannot fit this model`,
  );
}
