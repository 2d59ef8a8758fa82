/**
 * Just enough of the ZIP format to read .npz files (what numpy's savez and
 * savez_compressed write): the central directory, including ZIP64 records
 * (numpy always writes ZIP64 extras), and the data range of each entry. Entry
 * data is read in place (stored) or streamed through zlib (deflated); nothing
 * is extracted to disk and no entry is held in memory whole.
 */
import * as zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { bytesText, DataError } from './errors';
import type { RandomAccessFile } from './file-reader';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;
/** A central directory bigger than this is not an .npz (they list a handful of arrays). */
const MAX_DIRECTORY_BYTES = 64 << 20;
/**
 * The most deflate can expand: 1032 bytes out per byte in (zlib's documented
 * limit), plus a little for tiny streams. An entry claiming more is lying, and
 * nothing is allocated for it.
 */
const MAX_DEFLATE_RATIO = 1032;
const DEFLATE_SLACK = 1024;

function bad(file: RandomAccessFile, why: string): DataError {
  return new DataError('bad-zip', `${file.path} is not a readable .npz (zip) file: ${why}`);
}

/** A ZIP64 size or offset; beyond what a JS number holds exactly, no file can be that large anyway. */
function u64(file: RandomAccessFile, buffer: Buffer, offset: number, what: string): number {
  const value = buffer.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(file, `${what} is ${value} bytes, more than any file holds`);
  return Number(value);
}

export async function readZipDirectory(file: RandomAccessFile): Promise<ZipEntry[]> {
  try {
    return await readDirectory(file);
  } catch (error) {
    // A read past a buffer this code did not foresee is still a broken file, not an internal error.
    if (error instanceof RangeError) throw bad(file, `broken zip structure (${error.message})`);
    throw error;
  }
}

async function readDirectory(file: RandomAccessFile): Promise<ZipEntry[]> {
  const tailLength = Math.min(file.size, 22 + MAX_COMMENT + 20);
  const tail = await file.read(file.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad(file, 'no end-of-directory record');
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const recordOffset = u64(file, tail, eocd - 20 + 8, 'the ZIP64 end-of-directory offset');
    const record = recordOffset < file.size ? await file.read(recordOffset, 56) : Buffer.alloc(0);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD)
      throw bad(file, 'broken ZIP64 end-of-directory record');
    count = u64(file, record, 32, 'the entry count');
    directorySize = u64(file, record, 40, 'the directory size');
    directoryOffset = u64(file, record, 48, 'the directory offset');
  }
  if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > file.size)
    throw bad(file, 'the directory lies outside the file');
  const directory = await file.read(directoryOffset, directorySize);

  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL)
      throw bad(file, 'broken central directory');
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    let compressedSize = directory.readUInt32LE(at + 20);
    let uncompressedSize = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    let localHeaderOffset = directory.readUInt32LE(at + 42);
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    if (extraEnd + commentLength > directory.length) throw bad(file, 'an entry runs past the end of the directory');
    const name = directory.subarray(at + 46, extra).toString(flags & 0x800 ? 'utf8' : 'latin1');
    // ZIP64 extra field: 8-byte values for whichever of the three fields are saturated, in this order.
    while (extra + 4 <= extraEnd) {
      const id = directory.readUInt16LE(extra);
      const size = directory.readUInt16LE(extra + 2);
      const fieldEnd = extra + 4 + size;
      if (fieldEnd > extraEnd) throw bad(file, `the extra field of '${name}' runs past its entry`);
      if (id === 0x0001) {
        let p = extra + 4;
        const next = (what: string) => {
          if (p + 8 > fieldEnd) throw bad(file, `the ZIP64 field of '${name}' is too short for its ${what}`);
          const value = u64(file, directory, p, `the ${what} of '${name}'`);
          p += 8;
          return value;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = next('size');
        if (compressedSize === 0xffffffff) compressedSize = next('compressed size');
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next('offset');
      }
      extra = fieldEnd;
    }
    if (flags & 0x1) throw bad(file, `'${name}' is encrypted`);
    checkClaims(file, { name, method, compressedSize, uncompressedSize, localHeaderOffset });
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    at = extraEnd + commentLength;
  }
  return entries;
}

/**
 * What an entry claims, checked against what the file can hold before anything
 * is allocated or read for it: sizes follow the claims later on.
 */
function checkClaims(file: RandomAccessFile, entry: ZipEntry): void {
  const { name, method, compressedSize, uncompressedSize, localHeaderOffset } = entry;
  if (localHeaderOffset + 30 > file.size) throw bad(file, `'${name}' starts beyond the end of the file`);
  if (compressedSize > file.size)
    throw bad(file, `'${name}' claims ${bytesText(compressedSize)} of data in a file of ${bytesText(file.size)}`);
  if (method === 0 && uncompressedSize !== compressedSize)
    throw bad(
      file,
      `'${name}' is stored uncompressed but claims ${bytesText(uncompressedSize)} in ${bytesText(compressedSize)}`,
    );
  if (method === 8 && uncompressedSize > compressedSize * MAX_DEFLATE_RATIO + DEFLATE_SLACK)
    throw bad(
      file,
      `'${name}' claims ${bytesText(uncompressedSize)} uncompressed from ${bytesText(compressedSize)} compressed, more than deflate can produce`,
    );
}

/** Byte offset of an entry's data: after its local header, whose extra field may differ from the central one. */
export async function entryDataOffset(file: RandomAccessFile, entry: ZipEntry): Promise<number> {
  const local = await file.read(entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw bad(file, `no local header for '${entry.name}'`);
  const dataOffset = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataOffset + entry.compressedSize > file.size)
    throw bad(file, `'${entry.name}' runs past the end of the file (is it truncated?)`);
  return dataOffset;
}

/** The uncompressed bytes of an entry as a stream. */
export function entryStream(
  file: RandomAccessFile,
  entry: ZipEntry,
  dataOffset: number,
  chunkBytes?: number,
): Readable {
  if (entry.method !== 0 && entry.method !== 8)
    throw bad(file, `'${entry.name}' uses compression method ${entry.method} (only stored and deflated are read)`);
  const raw = file.stream(dataOffset, entry.compressedSize, chunkBytes);
  if (entry.method === 0) return raw;
  const inflate = zlib.createInflateRaw();
  raw.on('error', (error) => inflate.destroy(error));
  inflate.on('close', () => raw.destroy());
  return raw.pipe(inflate);
}
