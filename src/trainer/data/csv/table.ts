/**
 * A CSV (or whitespace-separated text) table read in two streaming passes:
 * the first finds the header, the numeric columns, the label of every row and
 * the rows that cannot be used; the second reads the feature values of the
 * sampled rows only. Memory: the labels (8 bytes a row), the usable-row index
 * (4 bytes a row) and the sampled rows.
 */
import * as path from 'node:path';
import { DataError } from '../errors';
import type { RandomAccessFile } from '../file-reader';
import { recordTexts, sniffDelimiter, splitRecord, type Delimiter } from './records';

/** Values that mean "missing" in a numeric column (pandas' defaults, roughly). */
const MISSING = new Set(['', 'na', 'nan', 'n/a', 'null', 'none', '?', '-nan']);
/** Column names taken as the label column when the code does not say which. */
const LABEL_NAMES = ['label', 'labels', 'target', 'targets', 'class', 'y', 'species', 'category', 'outcome'];
/** More distinct text labels than this and the column is not a class label. */
const MAX_TEXT_LABELS = 10_000;
/** Rows listed by number in the report when skipped. */
const EXAMPLES = 5;
/** Rows read from a CSV: the scan keeps about 24 bytes per row, so memory stays bounded whatever the file's size. */
const MAX_ROWS = 10_000_000;

export interface CsvOptions {
  delimiter: Delimiter | undefined;
  /** Column name or index (negative from the end); undefined: guess; null: no label column (labels come from elsewhere). */
  labelColumn: string | number | null | undefined;
  /** A file read for its labels only: no feature columns needed. */
  labelsOnly?: boolean;
}

export interface CsvTable {
  file: RandomAccessFile;
  what: string;
  delimiter: Delimiter;
  header: string[] | null;
  columnNames: string[];
  /** Columns read as features (numeric, not the label). */
  featureColumns: number[];
  droppedColumns: string[];
  /** Index of the label column, or -1. */
  labelColumn: number;
  labelGuessed: boolean;
  /** Data records (rows below the header), usable or not. */
  records: number;
  /** Record numbers (0-based, data records only) of the usable rows. */
  usable: Int32Array;
  /** Per usable row: the label as a number (NaN when text). */
  labelNumbers: Float64Array | null;
  /** Per usable row: the label text, when any label is not a number. */
  labelTexts: string[] | null;
  skipped: number;
  skippedExamples: string[];
  /** Only the first {@link MAX_ROWS} rows were read. */
  truncated: boolean;
}

function parseNumber(field: string): number {
  if (field === '') return NaN;
  const n = Number(field);
  return Number.isNaN(n) ? NaN : n;
}

class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class GrowableFloat64 {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

function resolveLabelColumn(
  names: string[],
  header: boolean,
  wanted: CsvOptions['labelColumn'],
  what: string,
): { index: number; guessed: boolean } {
  if (wanted === null) return { index: -1, guessed: false };
  if (typeof wanted === 'number') {
    const index = wanted < 0 ? names.length + wanted : wanted;
    if (!Number.isInteger(index) || index < 0 || index >= names.length) {
      throw new DataError(
        'label-column',
        `${what} has ${names.length} columns; there is no column ${wanted} to take the labels from`,
      );
    }
    return { index, guessed: false };
  }
  if (typeof wanted === 'string') {
    let index = names.indexOf(wanted);
    if (index < 0 && /^-?\d+$/.test(wanted)) return resolveLabelColumn(names, header, Number(wanted), what);
    if (index < 0) index = names.findIndex((n) => n.toLowerCase() === wanted.toLowerCase());
    if (index < 0) {
      throw new DataError(
        'label-column',
        header
          ? `${what} has no column '${wanted}' (its columns: ${names.map((n) => `'${n}'`).join(', ')})`
          : `${what} has no header row, so the label column cannot be found by the name '${wanted}'; give its index instead`,
      );
    }
    return { index, guessed: false };
  }
  const named = names.findIndex((n) => LABEL_NAMES.includes(n.toLowerCase()));
  return { index: named >= 0 ? named : names.length - 1, guessed: true };
}

/**
 * First pass. Header detection: the first record is a header when one of its
 * fields is text where the next record has a number (`sepal_length` over `5.1`),
 * or when it is the only record and holds text.
 */
export async function scanCsv(file: RandomAccessFile, options: CsvOptions): Promise<CsvTable> {
  const what = path.basename(file.path);
  let delimiter: Delimiter | undefined = options.delimiter;
  let first: string[] | null = null;
  let header: string[] | null = null;
  let columns = 0;
  let labelColumn = -1;
  let labelGuessed = false;
  let record = -1;
  let numericCount: number[] = [];
  let textCount: number[] = [];
  const usable = new GrowableInt32();
  const labelNumbers = new GrowableFloat64();
  /** Per row: index of the label's text in `labelTextIndex` (-1 past the cap), kept until we know whether labels are text. */
  const labelTextIds = new GrowableInt32();
  const labelTextIndex = new Map<string, number>();
  let anyTextLabel = false;
  /** Rows with a missing value, by record, and in which columns: checked once the feature columns are known. */
  const missingIn = new Map<number, number[]>();
  let skipped = 0;
  let truncated = false;
  /** Rows skipped for a field count other than the first row's, by that count. */
  const raggedCounts = new Map<number, number>();
  const skippedExamples: string[] = [];
  const skip = (why: string) => {
    skipped++;
    if (skippedExamples.length < EXAMPLES) skippedExamples.push(why);
  };

  const begin = (names: string[], isHeader: boolean) => {
    columns = names.length;
    numericCount = new Array(columns).fill(0);
    textCount = new Array(columns).fill(0);
    const label = resolveLabelColumn(names, isHeader, options.labelColumn, what);
    labelColumn = label.index;
    labelGuessed = label.guessed;
  };

  const take = (fields: string[]) => {
    record++;
    if (fields.length !== columns) {
      raggedCounts.set(fields.length, (raggedCounts.get(fields.length) ?? 0) + 1);
      skip(`row ${record + 1}: ${fields.length} fields, expected ${columns}`);
      return;
    }
    let missing: number[] | undefined;
    for (let c = 0; c < columns; c++) {
      if (c === labelColumn) continue;
      const field = fields[c];
      if (MISSING.has(field.toLowerCase())) (missing ??= []).push(c);
      else if (Number.isNaN(parseNumber(field))) textCount[c]++;
      else numericCount[c]++;
    }
    if (labelColumn >= 0) {
      const label = fields[labelColumn];
      if (MISSING.has(label.toLowerCase())) {
        skip(`row ${record + 1}: no label`);
        return;
      }
      const n = parseNumber(label);
      if (Number.isNaN(n)) anyTextLabel = true;
      let id = labelTextIndex.get(label);
      if (id === undefined && labelTextIndex.size <= MAX_TEXT_LABELS)
        labelTextIndex.set(label, (id = labelTextIndex.size));
      labelNumbers.push(n);
      labelTextIds.push(id ?? -1);
    }
    if (missing) missingIn.set(usable.length, missing);
    usable.push(record);
  };

  const delimiterOf = (line: string) =>
    (delimiter ??= path.extname(file.path).toLowerCase() === '.tsv' ? '\t' : sniffDelimiter(line));
  const stream = file.stream(0, file.size);
  try {
    for await (const text of recordTexts(stream, delimiterOf)) {
      if (record + 1 >= MAX_ROWS) {
        truncated = true;
        break;
      }
      const fields = splitRecord(text, delimiter ?? null);
      if (first === null) {
        first = fields;
        continue;
      }
      if (columns === 0) {
        const isHeader =
          fields.length === first.length &&
          first.some((f, i) => Number.isNaN(parseNumber(f)) && !Number.isNaN(parseNumber(fields[i])));
        if (isHeader) {
          header = first;
          begin(first, true);
        } else {
          begin(
            first.map((_, i) => String(i)),
            false,
          );
          take(first);
        }
      }
      take(fields);
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError('unreadable', `${what} could not be read: ${(error as Error).message}`);
  } finally {
    stream.destroy();
  }
  if (first === null) throw new DataError('csv-empty', `${what} has no rows`);
  if (columns === 0) {
    // A single record: a header with nothing under it, or one row of data.
    const allNumbers = first.every((f) => !Number.isNaN(parseNumber(f)));
    if (!allNumbers) throw new DataError('csv-empty', `${what} has a header but no data rows`);
    begin(
      first.map((_, i) => String(i)),
      false,
    );
    take(first);
  }

  checkRagged(what, record + 1, columns, raggedCounts, delimiter ?? null);
  const columnNames = header ?? Array.from({ length: columns }, (_, i) => `column ${i}`);
  const featureColumns: number[] = [];
  const droppedColumns: string[] = [];
  for (let c = 0; c < columns; c++) {
    if (c === labelColumn) continue;
    if (textCount[c] === 0 && numericCount[c] > 0) featureColumns.push(c);
    else droppedColumns.push(columnNames[c]);
  }
  if (featureColumns.length === 0 && !options.labelsOnly) {
    throw new DataError(
      'csv-no-features',
      `${what} has no numeric columns to train on${labelColumn >= 0 ? ` besides the label column '${columnNames[labelColumn]}'` : ''}`,
    );
  }

  // Drop rows with a missing value in a feature column (pandas would give NaN, which trains to NaN).
  const features = new Set(featureColumns);
  let keep = Int32Array.from({ length: usable.length }, (_, i) => i);
  if (missingIn.size > 0) {
    keep = keep.filter((i) => {
      const cols = missingIn.get(i);
      if (!cols?.some((c) => features.has(c))) return true;
      skip(`row ${usable.data[i] + 1}: missing value in '${columnNames[cols.find((c) => features.has(c))!]}'`);
      return false;
    });
  }
  return {
    file,
    what,
    delimiter: delimiter ?? null,
    header,
    columnNames,
    featureColumns,
    droppedColumns,
    labelColumn,
    labelGuessed,
    records: record + 1,
    usable: Int32Array.from(keep, (i) => usable.data[i]),
    labelNumbers: labelColumn >= 0 ? Float64Array.from(keep, (i) => labelNumbers.data[i]) : null,
    labelTexts:
      labelColumn >= 0 && anyTextLabel
        ? textLabels(keep, labelTextIds.data, labelTextIndex, what, columnNames[labelColumn])
        : null,
    skipped,
    skippedExamples,
    truncated,
  };
}

/**
 * Most rows with another number of fields than the first row means the file
 * was misread (a wrong delimiter, a header one name short), not that most rows
 * are bad: say so instead of skipping nearly everything.
 */
function checkRagged(
  what: string,
  records: number,
  columns: number,
  raggedCounts: Map<number, number>,
  delimiter: Delimiter,
): void {
  const ragged = [...raggedCounts.values()].reduce((a, b) => a + b, 0);
  if (ragged === 0 || ragged * 2 <= records) return;
  const [common] = [...raggedCounts.entries()].sort((a, b) => b[1] - a[1]);
  const split = delimiter === null ? 'whitespace' : `'${delimiter === '\t' ? '\\t' : delimiter}'`;
  throw new DataError(
    'csv-ragged',
    `${what}: ${ragged} of ${records} rows do not have the ${columns} fields of the first row (${common[1]} have ${common[0]}): ` +
      `the fields were split on ${split}; check the delimiter, and that the header names every column`,
  );
}

function textLabels(
  keep: Int32Array,
  ids: Int32Array,
  index: Map<string, number>,
  what: string,
  column: string,
): string[] {
  if (index.size > MAX_TEXT_LABELS) {
    throw new DataError(
      'labels-unusable',
      `the label column '${column}' of ${what} has more than ${MAX_TEXT_LABELS} different text values; it does not look like class labels`,
    );
  }
  const byId = [...index.keys()];
  return Array.from(keep, (i) => byId[ids[i]]);
}

/** Second pass: the feature values of the given usable rows (indices into `table.usable`), in the order given. */
export async function readCsvRows(table: CsvTable, rows: ArrayLike<number>): Promise<Float32Array> {
  const width = table.featureColumns.length;
  const out = new Float32Array(rows.length * width);
  const slotOf = new Map<number, number>();
  let last = -1;
  for (let i = 0; i < rows.length; i++) {
    const record = table.usable[rows[i]];
    slotOf.set(record, i);
    last = Math.max(last, record);
  }
  let record = -1 - (table.header ? 1 : 0);
  const stream = table.file.stream(0, table.file.size);
  try {
    for await (const text of recordTexts(stream, () => table.delimiter)) {
      record++;
      if (record > last) break;
      const slot = slotOf.get(record);
      if (slot === undefined) continue;
      const fields = splitRecord(text, table.delimiter);
      for (let j = 0; j < width; j++) out[slot * width + j] = parseNumber(fields[table.featureColumns[j]]);
    }
  } finally {
    stream.destroy();
  }
  return out;
}
