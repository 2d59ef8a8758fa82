/**
 * One .npy array, in a file of its own or inside an .npz, read a row at a time:
 * only the sampled rows are read (positioned reads), or, when the bytes can only
 * be streamed (a deflated .npz entry, a Fortran-order array), streamed past
 * with only the sampled rows kept. Memory stays at the sampled rows plus one
 * read buffer, whatever the size of the array.
 */
import type { Readable } from 'node:stream';
import { MAX_BATCH_BYTES, MAX_ROWS } from '../budget';
import { bytesText, DataError, shapeText } from '../errors';
import type { RandomAccessFile } from '../file-reader';
import type { ZipEntry } from '../zip';
import { entryStream } from '../zip';
import { decodeNumbers, decodeText } from './elements';
import { NPY_PREAMBLE_BYTES, isNumeric, npyHeaderLength, parseNpyHeader, type NpyHeader } from './header';

export interface NpySource {
  file: RandomAccessFile;
  /** How messages name the array: `x.npy`, `d.npz['x']`. */
  what: string;
  /** Where the .npy bytes start in the file (0, or a stored zip entry's data). */
  start: number;
  length: number;
  /** Set for a deflated zip entry, whose bytes can only be streamed. */
  deflated?: { entry: ZipEntry; dataOffset: number };
}

export interface NpyArray {
  source: NpySource;
  header: NpyHeader;
  /** Length of the first axis: the examples. */
  rows: number;
  /** Shape of one example. */
  rowShape: number[];
  /** Elements per example. */
  rowLength: number;
}

/** Largest single positioned read; runs of adjacent sampled rows are read together up to this. */
const MAX_READ_BYTES = 8 << 20;

function streamOf(source: NpySource, chunkBytes?: number): Readable {
  if (source.deflated) return entryStream(source.file, source.deflated.entry, source.deflated.dataOffset, chunkBytes);
  return source.file.stream(source.start, source.length, chunkBytes);
}

/** The header bytes of a deflated entry: inflate just far enough to read them, in one pass. */
async function deflatedHeader(source: NpySource): Promise<Buffer> {
  const stream = streamOf(source, 64 << 10);
  const parts: Buffer[] = [];
  let have = 0;
  let want = NPY_PREAMBLE_BYTES;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      have += chunk.length;
      if (want === NPY_PREAMBLE_BYTES && have >= NPY_PREAMBLE_BYTES)
        want = npyHeaderLength(Buffer.concat(parts), source.what);
      if (have >= want) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts);
}

async function headerBytes(source: NpySource): Promise<Buffer> {
  if (source.deflated) return deflatedHeader(source);
  const preamble = await source.file.read(source.start, Math.min(NPY_PREAMBLE_BYTES, source.length));
  return source.file.read(source.start, Math.min(npyHeaderLength(preamble, source.what), source.length));
}

export async function openNpyArray(source: NpySource): Promise<NpyArray> {
  let header: NpyHeader;
  try {
    header = parseNpyHeader(await headerBytes(source), source.what);
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError('bad-npy', `${source.what} could not be read: ${(error as Error).message}`);
  }
  const { shape, dtype } = header;
  if (shape.length === 0) {
    throw new DataError('shape-mismatch', `${source.what} holds a single value (shape ()), not one row per example`);
  }
  const rowShape = shape.slice(1);
  const rowLength = rowShape.reduce((a, b) => a * b, 1);
  const dataBytes = shape[0] * rowLength * dtype.itemSize;
  // What the header claims is checked against the bytes that are there before anything follows the claim.
  if (header.dataOffset + dataBytes > source.length) {
    throw new DataError(
      'bad-npy',
      `${source.what} is truncated: its header says ${shapeText(shape)} ${dtype.descr} (${bytesText(dataBytes)}) but only ${bytesText(Math.max(0, source.length - header.dataOffset))} follow`,
    );
  }
  if (shape[0] > MAX_ROWS)
    throw new DataError(
      'too-large',
      `${source.what} has ${shape[0]} rows; Model Doctor reads arrays of up to ${MAX_ROWS}`,
    );
  return { source, header, rows: shape[0], rowShape, rowLength };
}

/** Whether each row lies in one contiguous byte range that positioned reads can reach. */
function rowsAreContiguous(array: NpyArray): boolean {
  return !array.source.deflated && (!array.header.fortranOrder || array.rowLength === 1 || array.rows === 1);
}

/**
 * Reads the given rows (indices into the first axis, no repeats) into one
 * array, in the order given. Numeric arrays only.
 */
export async function readRows(
  array: NpyArray,
  rows: ArrayLike<number>,
  precision: 'f32' | 'f64' = 'f32',
): Promise<Float32Array | Float64Array> {
  const { dtype } = array.header;
  if (!isNumeric(dtype)) {
    throw new DataError('unsupported-dtype', `${array.source.what} holds text (dtype '${dtype.descr}'), not numbers`);
  }
  const bytes = rows.length * array.rowLength * (precision === 'f32' ? 4 : 8);
  // Callers check their own budgets with better advice; this is the last guard before the allocation.
  if (bytes > MAX_BATCH_BYTES)
    throw new DataError(
      'too-large',
      `${rows.length} rows of ${shapeText(array.rowShape)} from ${array.source.what} would take ${bytesText(bytes)} of memory, more than the ${bytesText(MAX_BATCH_BYTES)} allowed`,
    );
  const out =
    precision === 'f32'
      ? new Float32Array(rows.length * array.rowLength)
      : new Float64Array(rows.length * array.rowLength);
  const decodeInto = (slot: number, column: number, bytes: Buffer) =>
    decodeNumbers(bytes, bytes.length / dtype.itemSize, dtype, out, slot * array.rowLength + column);
  const wanted = wantedRows(array, rows);
  if (rowsAreContiguous(array)) await readRowsPositioned(array, wanted, decodeInto);
  else await streamRows(array, wanted, decodeInto);
  return out;
}

/**
 * Reads the elements of a one-value-per-row text array ('U' or 'S' dtype):
 * labels like 'cat'. All rows, or the given rows (ascending, no repeats).
 */
export async function readTextRows(array: NpyArray, rows?: Int32Array): Promise<string[]> {
  const { dtype } = array.header;
  if (isNumeric(dtype) || array.rowLength !== 1) throw new Error('readTextRows needs a one-column text array');
  const wanted = wantedRows(array, rows ?? Int32Array.from({ length: array.rows }, (_, i) => i));
  const out = new Array<string>(wanted.rows.length);
  const place = (slot: number, _column: number, bytes: Buffer) => {
    out[slot] = decodeText(bytes, dtype);
  };
  if (rowsAreContiguous(array)) await readRowsPositioned(array, wanted, place);
  else await streamRows(array, wanted, place);
  return out;
}

/** Wanted rows in ascending order, and the output slot of each: memory follows the sample, not the array. */
interface WantedRows {
  rows: Int32Array;
  slots: Int32Array;
}

function wantedRows(array: NpyArray, rows: ArrayLike<number>): WantedRows {
  let ascending = true;
  for (let i = 1; i < rows.length && ascending; i++) ascending = rows[i] > rows[i - 1];
  // Labels read whole come in order: no sort, and the slots are the rows' own positions.
  const slots = Int32Array.from({ length: rows.length }, (_, i) => i);
  if (!ascending) slots.sort((a, b) => rows[a] - rows[b]);
  const sorted = Int32Array.from(slots, (slot) => rows[slot]);
  for (let i = 0; i < sorted.length; i++) {
    if (!(sorted[i] >= 0 && sorted[i] < array.rows))
      throw new RangeError(`row ${sorted[i]} outside ${array.source.what} (${array.rows} rows)`);
    if (i > 0 && sorted[i] === sorted[i - 1]) throw new RangeError(`row ${sorted[i]} requested twice`);
  }
  return { rows: sorted, slots };
}

/** Puts the bytes of one wanted row (or, in Fortran order, one element of it, at `column`) into output slot `slot`. */
type Place = (slot: number, column: number, bytes: Buffer) => void;

async function readRowsPositioned(array: NpyArray, wanted: WantedRows, place: Place): Promise<void> {
  const rowBytes = array.rowLength * array.header.dtype.itemSize;
  const sorted = wanted.rows;
  if (rowBytes === 0 || sorted.length === 0) return;
  const base = array.source.start + array.header.dataOffset;
  const perRead = Math.max(1, Math.floor(MAX_READ_BYTES / rowBytes));
  const scratch = Buffer.allocUnsafe(Math.min(perRead, sorted.length) * rowBytes);
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[j - 1] + 1 && j - i < perRead) j++;
    const bytes = await array.source.file.read(base + sorted[i] * rowBytes, (j - i) * rowBytes, scratch);
    if (bytes.length < (j - i) * rowBytes) throw new DataError('bad-npy', `${array.source.what} ended early`);
    for (let k = i; k < j; k++) place(wanted.slots[k], 0, bytes.subarray((k - i) * rowBytes, (k - i + 1) * rowBytes));
    i = j;
  }
}

/**
 * Streams the array's bytes once, keeping only wanted rows: `place` gets each
 * wanted row whole (C order) or each of its elements (Fortran order, where
 * element r belongs to row r % rows, column ⌊r / rows⌋), with its output slot.
 * Stops as soon as nothing wanted is left.
 */
async function streamRows(array: NpyArray, wanted: WantedRows, place: Place): Promise<void> {
  const { header, rows, rowLength } = array;
  const itemSize = header.dtype.itemSize;
  const fortran = header.fortranOrder && rowLength > 1 && rows > 1;
  const recordSize = fortran ? itemSize : rowLength * itemSize;
  const count = wanted.rows.length;
  if (count === 0 || recordSize === 0) return;
  const lastRow = wanted.rows[count - 1];
  const lastWanted = fortran ? (rowLength - 1) * rows + lastRow : lastRow;
  // In Fortran order the elements of a row come first-axis-fastest: `columns` follows that order in C order.
  const columns = fortran ? new FortranColumns(array.rowShape) : null;

  const record = Buffer.alloc(recordSize);
  let recordFill = 0;
  let position = -header.dataOffset; // bytes of element data passed so far (negative inside the header)
  let next = 0; // first wanted row not passed yet (in the current column, in Fortran order)
  let column = 0;
  const stream = streamOf(array.source);
  try {
    outer: for await (const chunk of stream as AsyncIterable<Buffer>) {
      let at = 0;
      if (position < 0) {
        at = Math.min(chunk.length, -position);
        position += at;
      }
      while (at < chunk.length) {
        const r = Math.floor(position / recordSize);
        if (r > lastWanted) break outer;
        let row = r;
        if (fortran) {
          const f = Math.floor(r / rows);
          row = r - f * rows;
          if (f !== column) {
            column = columns!.advanceTo(f);
            next = 0;
          }
        }
        while (next < count && wanted.rows[next] < row) next++;
        const take = Math.min(recordSize - (position - r * recordSize), chunk.length - at);
        if (next < count && wanted.rows[next] === row) {
          chunk.copy(record, recordFill, at, at + take);
          recordFill += take;
          if (recordFill === recordSize) {
            recordFill = 0;
            place(wanted.slots[next], columns ? columns.c : 0, record);
          }
        }
        at += take;
        position += take;
      }
    }
  } catch (error) {
    throw new DataError('bad-npy', `${array.source.what} could not be read: ${(error as Error).message}`);
  } finally {
    stream.destroy();
  }
  if (position < (lastWanted + 1) * recordSize) throw new DataError('bad-npy', `${array.source.what} ended early`);
}

/**
 * Walks the positions within a row in Fortran order (first axis fastest) and
 * gives the C-order (row-major) position of each, one step at a time: no table
 * as long as the row, which a header can claim to be billions.
 */
class FortranColumns {
  private readonly index: number[];
  private readonly strides: number[];
  private f = 0;
  /** C-order position of the current Fortran position. */
  c = 0;

  constructor(private readonly shape: number[]) {
    this.index = shape.map(() => 0);
    this.strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  }

  /** Moves to Fortran position `f` (never backwards) and returns it. */
  advanceTo(f: number): number {
    while (this.f < f) {
      this.f++;
      for (let axis = 0; axis < this.shape.length; axis++) {
        this.index[axis]++;
        this.c += this.strides[axis];
        if (this.index[axis] < this.shape[axis]) break;
        this.c -= this.index[axis] * this.strides[axis];
        this.index[axis] = 0;
      }
    }
    return f;
  }
}
