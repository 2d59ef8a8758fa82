/** Decoding .npy elements from raw bytes into JS numbers or strings. */
import type { Dtype } from './header';

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** A function that reads element `i` of `bytes` (starting at byte `offset`) as a number. */
function numberReader(dtype: Dtype): (view: DataView, offset: number) => number {
  const le = dtype.littleEndian;
  switch (`${dtype.kind}${dtype.itemSize}`) {
    case 'bool1':
      return (v, o) => (v.getUint8(o) ? 1 : 0);
    case 'int1':
      return (v, o) => v.getInt8(o);
    case 'int2':
      return (v, o) => v.getInt16(o, le);
    case 'int4':
      return (v, o) => v.getInt32(o, le);
    case 'int8':
      return (v, o) => Number(v.getBigInt64(o, le));
    case 'uint1':
      return (v, o) => v.getUint8(o);
    case 'uint2':
      return (v, o) => v.getUint16(o, le);
    case 'uint4':
      return (v, o) => v.getUint32(o, le);
    case 'uint8':
      return (v, o) => Number(v.getBigUint64(o, le));
    case 'float2':
      return (v, o) => halfToFloat(v.getUint16(o, le));
    case 'float4':
      return (v, o) => v.getFloat32(o, le);
    case 'float8':
      return (v, o) => v.getFloat64(o, le);
  }
  throw new Error(`no number reader for ${dtype.descr}`);
}

/** Converts `count` elements of `bytes` into `out` starting at `outOffset`. */
export function decodeNumbers(
  bytes: Buffer,
  count: number,
  dtype: Dtype,
  out: Float32Array | Float64Array,
  outOffset: number,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = numberReader(dtype);
  const size = dtype.itemSize;
  for (let i = 0; i < count; i++) out[outOffset + i] = read(view, i * size);
}

/** Decodes one fixed-width text element (numpy 'U' is UTF-32, 'S' is bytes), without its NUL padding. */
export function decodeText(bytes: Buffer, dtype: Dtype): string {
  if (dtype.kind === 'bytes') {
    let end = bytes.length;
    while (end > 0 && bytes[end - 1] === 0) end--;
    return bytes.subarray(0, end).toString('utf8');
  }
  let text = '';
  for (let o = 0; o + 4 <= bytes.length; o += 4) {
    const cp = dtype.littleEndian ? bytes.readUInt32LE(o) : bytes.readUInt32BE(o);
    if (cp === 0) break;
    // Not a Unicode code point (damaged data): the replacement character, as invalid UTF-8 gets.
    text += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
  }
  return text;
}
