/**
 * One .npy array, in a file of its own or inside an .npz, read a row at a time:
 * only the sampled rows are read (positioned reads), or, when the bytes can only
 * be streamed (a deflated .npz entry, a Fortran-order array), streamed past
 * with only the sampled rows kept. Memory stays at the sampled rows plus one
 * read buffer, whatever the size of the array.
 */
import type { Readable } from 'node:stream';
import { DataError, shapeText } from '../errors';
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
  if (header.dataOffset + dataBytes > source.length) {
    throw new DataError(
      'bad-npy',
      `${source.what} is truncated: its header says ${shapeText(shape)} ${dtype.descr} (${dataBytes} bytes) but only ${Math.max(0, source.length - header.dataOffset)} bytes follow`,
    );
  }
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
  const out =
    precision === 'f32'
      ? new Float32Array(rows.length * array.rowLength)
      : new Float64Array(rows.length * array.rowLength);
  const decodeInto = (slot: number, column: number, bytes: Buffer) =>
    decodeNumbers(bytes, bytes.length / dtype.itemSize, dtype, out, slot * array.rowLength + column);
  if (rowsAreContiguous(array)) {
    // A map from row to slot: memory follows the sample, not the array.
    const slotOf = new Map<number, number>();
    for (let i = 0; i < rows.length; i++) slotOf.set(rows[i], i);
    checkRows(array, rows, slotOf.size);
    await readRowsPositioned(array, rows, (row, column, bytes) => decodeInto(slotOf.get(row)!, column, bytes));
  } else {
    const slots = slotsOf(array, rows);
    await streamRows(array, slots, (row, column, bytes) => decodeInto(slots[row], column, bytes));
  }
  return out;
}

/** Reads every element of a one-value-per-row text array ('U' or 'S' dtype): labels like 'cat'. */
export async function readTextRows(array: NpyArray): Promise<string[]> {
  const { dtype } = array.header;
  if (isNumeric(dtype) || array.rowLength !== 1) throw new Error('readTextRows needs a one-column text array');
  const all = Int32Array.from({ length: array.rows }, (_, i) => i);
  const out = new Array<string>(array.rows);
  const place = (row: number, _column: number, bytes: Buffer) => {
    out[row] = decodeText(bytes, dtype);
  };
  if (rowsAreContiguous(array)) await readRowsPositioned(array, all, place);
  else await streamRows(array, slotsOf(array, all), place);
  return out;
}

function checkRows(array: NpyArray, rows: ArrayLike<number>, distinct: number): void {
  for (let i = 0; i < rows.length; i++) {
    if (!(rows[i] >= 0 && rows[i] < array.rows))
      throw new RangeError(`row ${rows[i]} outside ${array.source.what} (${array.rows} rows)`);
  }
  if (distinct !== rows.length) throw new RangeError('a row was requested twice');
}

/** Output slot of each row of the array, -1 for rows not wanted (4 bytes per row of the array). */
function slotsOf(array: NpyArray, rows: ArrayLike<number>): Int32Array {
  const slots = new Int32Array(array.rows).fill(-1);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!(row >= 0 && row < array.rows))
      throw new RangeError(`row ${row} outside ${array.source.what} (${array.rows} rows)`);
    if (slots[row] >= 0) throw new RangeError(`row ${row} requested twice`);
    slots[row] = i;
  }
  return slots;
}

type Place = (row: number, column: number, bytes: Buffer) => void;

async function readRowsPositioned(array: NpyArray, rows: ArrayLike<number>, place: Place): Promise<void> {
  const rowBytes = array.rowLength * array.header.dtype.itemSize;
  if (rowBytes === 0 || rows.length === 0) return;
  const sorted = Int32Array.from(rows).sort();
  const base = array.source.start + array.header.dataOffset;
  const perRead = Math.max(1, Math.floor(MAX_READ_BYTES / rowBytes));
  const scratch = Buffer.allocUnsafe(Math.min(perRead, sorted.length) * rowBytes);
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[j - 1] + 1 && j - i < perRead) j++;
    const bytes = await array.source.file.read(base + sorted[i] * rowBytes, (j - i) * rowBytes, scratch);
    if (bytes.length < (j - i) * rowBytes) throw new DataError('bad-npy', `${array.source.what} ended early`);
    for (let k = i; k < j; k++) place(sorted[k], 0, bytes.subarray((k - i) * rowBytes, (k - i + 1) * rowBytes));
    i = j;
  }
}

/**
 * Streams the array's bytes once, keeping only wanted rows: `place` gets each
 * wanted row whole (C order) or each of its elements (Fortran order, where
 * element r belongs to row r % rows, column ⌊r / rows⌋). Stops as soon as
 * nothing wanted is left.
 */
async function streamRows(array: NpyArray, slots: Int32Array, place: Place): Promise<void> {
  const { header, rows, rowLength } = array;
  const itemSize = header.dtype.itemSize;
  const fortran = header.fortranOrder && rowLength > 1 && rows > 1;
  const recordSize = fortran ? itemSize : rowLength * itemSize;
  // In Fortran order the elements of a row come first-axis-fastest; map that order to the C-order column.
  const columnOf = fortran ? fortranToC(array.rowShape) : null;
  let lastWanted = -1;
  if (fortran) lastWanted = rows * rowLength - 1;
  else for (let row = rows - 1; row >= 0 && lastWanted < 0; row--) if (slots[row] >= 0) lastWanted = row;
  if (lastWanted < 0 || recordSize === 0) return;

  const record = Buffer.alloc(recordSize);
  let recordFill = 0;
  let position = -header.dataOffset; // bytes of element data passed so far (negative inside the header)
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
        const row = fortran ? r % rows : r;
        const take = Math.min(recordSize - (position - r * recordSize), chunk.length - at);
        if (slots[row] >= 0) {
          chunk.copy(record, recordFill, at, at + take);
          recordFill += take;
          if (recordFill === recordSize) {
            recordFill = 0;
            place(row, columnOf ? columnOf[Math.floor(r / rows)] : 0, record);
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

/** For each Fortran-order position within a row, the C-order (row-major) position of the same element. */
function fortranToC(rowShape: number[]): Int32Array {
  const length = rowShape.reduce((a, b) => a * b, 1);
  const map = new Int32Array(length);
  for (let f = 0; f < length; f++) {
    let rest = f;
    let c = 0;
    let stride = 1;
    const index = rowShape.map((d) => {
      const i = rest % d;
      rest = Math.floor(rest / d);
      return i;
    });
    for (let axis = rowShape.length - 1; axis >= 0; axis--) {
      c += index[axis] * stride;
      stride *= rowShape[axis];
    }
    map[f] = c;
  }
  return map;
}
