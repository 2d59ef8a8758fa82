/**
 * The .npy header: magic, version, and the Python dict literal that gives
 * dtype, memory order and shape. Format: numpy/lib/format.py (versions 1.0,
 * 2.0 and 3.0; 3.0 only differs in allowing UTF-8 in the header).
 */
import { DataError } from '../errors';

export const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

type DtypeKind = 'bool' | 'int' | 'uint' | 'float' | 'unicode' | 'bytes';

export interface Dtype {
  /** As written in the header, e.g. `<f4`. */
  descr: string;
  kind: DtypeKind;
  /** Bytes per element. */
  itemSize: number;
  littleEndian: boolean;
}

export interface NpyHeader {
  dtype: Dtype;
  fortranOrder: boolean;
  shape: number[];
  /** Bytes from the start of the file to the first element. */
  dataOffset: number;
}

/** Bytes that always hold the fixed part of the header (magic, version, length). */
export const NPY_PREAMBLE_BYTES = 12;

/** numpy itself refuses headers over 10,000 bytes unless told otherwise; nothing real comes near this. */
const MAX_HEADER_BYTES = 1 << 20;

/** Total header size from the fixed preamble, so callers know how much to read. */
export function npyHeaderLength(preamble: Buffer, what: string): number {
  if (preamble.length < 10 || !preamble.subarray(0, 6).equals(NPY_MAGIC)) {
    throw new DataError('bad-npy', `${what} is not a .npy array (it does not start with the \\x93NUMPY signature)`);
  }
  const major = preamble[6];
  if (major === 1) return 10 + preamble.readUInt16LE(8);
  if ((major === 2 || major === 3) && preamble.length >= 12) {
    const length = preamble.readUInt32LE(8);
    if (length > MAX_HEADER_BYTES)
      throw new DataError('bad-npy', `${what} claims a header of ${length} bytes; .npy headers take a few hundred`);
    return 12 + length;
  }
  throw new DataError(
    'bad-npy',
    `${what} uses .npy format version ${major}.${preamble[7]}, which Model Doctor does not read (1.0–3.0)`,
  );
}

export function parseNpyHeader(bytes: Buffer, what: string): NpyHeader {
  const dataOffset = npyHeaderLength(bytes, what);
  if (bytes.length < dataOffset) throw new DataError('bad-npy', `${what} ends inside its header`);
  const start = bytes[6] === 1 ? 10 : 12;
  const dict = bytes.subarray(start, dataOffset).toString(bytes[6] === 3 ? 'utf8' : 'latin1');

  const descrMatch = /['"]descr['"]\s*:\s*(?:'([^']*)'|"([^"]*)"|(\[))/.exec(dict);
  if (!descrMatch) throw new DataError('bad-npy', `${what} has a header without a dtype ('descr')`);
  if (descrMatch[3]) {
    throw new DataError(
      'unsupported-dtype',
      `${what} is a structured (record) array; save each field as its own numeric array`,
    );
  }
  const dtype = parseDescr(descrMatch[1] ?? descrMatch[2], what);

  const orderMatch = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(dict);
  if (!orderMatch) throw new DataError('bad-npy', `${what} has a header without 'fortran_order'`);

  const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(dict);
  if (!shapeMatch) throw new DataError('bad-npy', `${what} has a header without a shape`);
  const shape = shapeMatch[1]
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s.length > 0)
    .map((s) => {
      const n = Number(s);
      if (!Number.isSafeInteger(n) || n < 0)
        throw new DataError('bad-npy', `${what} has an unreadable shape (${shapeMatch[1]})`);
      return n;
    });
  return { dtype, fortranOrder: orderMatch[1] === 'True', shape, dataOffset };
}

const NUMERIC_KINDS: Record<string, DtypeKind> = { b: 'bool', i: 'int', u: 'uint', f: 'float' };
const NUMERIC_SIZES: Record<DtypeKind, number[]> = {
  bool: [1],
  int: [1, 2, 4, 8],
  uint: [1, 2, 4, 8],
  float: [2, 4, 8],
  unicode: [],
  bytes: [],
};

function parseDescr(descr: string, what: string): Dtype {
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
  if (!m) throw new DataError('unsupported-dtype', `${what} has dtype '${descr}', which is not a plain numeric type`);
  const [, order, code, sizeText] = m;
  const littleEndian = order !== '>';
  const size = sizeText ? Number(sizeText) : 0;
  if (code === 'O') {
    throw new DataError(
      'object-array',
      `${what} holds Python objects (dtype '${descr}'): object arrays are pickled Python data that Model Doctor will not unpickle. ` +
        `Save a numeric array instead, e.g. np.save(path, np.asarray(x, dtype='float32')).`,
    );
  }
  if (code === 'U') return { descr, kind: 'unicode', itemSize: size * 4, littleEndian };
  if (code === 'S' || code === 'a') return { descr, kind: 'bytes', itemSize: size, littleEndian };
  const kind = NUMERIC_KINDS[code];
  if (!kind || !NUMERIC_SIZES[kind].includes(size)) {
    throw new DataError(
      'unsupported-dtype',
      `${what} has dtype '${descr}'; Model Doctor reads bool, int8–int64, uint8–uint64 and float16–float64 arrays (and text labels)`,
    );
  }
  return { descr, kind, itemSize: size, littleEndian };
}

export function isNumeric(dtype: Dtype): boolean {
  return dtype.kind !== 'unicode' && dtype.kind !== 'bytes';
}
