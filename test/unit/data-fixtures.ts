/**
 * Test-time fixture writers for the data loader: .npy files, zip/.npz
 * archives, CSV text, and JPEG/PNG/BMP/GIF images with a pattern a model can
 * learn. Everything is written into a fresh temp folder per test file. Also the
 * assertion the loader tests share for its errors.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as jpeg from 'jpeg-js';
import { GifWriter } from 'omggif';
import { PNG } from 'pngjs';
import { DataError } from '../../src/trainer/data';

/** Asserts that `promise` fails with the loader's DataError of `code`, its message matching `message`. */
export async function rejects(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    if (!(e instanceof DataError)) throw e;
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
}

export function tempDir(prefix = 'md-data-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

// ---------- .npy ----------

export interface NpySpec {
  descr: string;
  shape: number[];
  fortran?: boolean;
  /** Element values in the file's own order (C order unless fortran). */
  values?: ArrayLike<number | bigint | boolean | string>;
  /** Element bytes already laid out; overrides `values`. */
  raw?: Buffer;
}

export function npyHeader(spec: Pick<NpySpec, 'descr' | 'shape' | 'fortran'>, version = 1): Buffer {
  const shape = spec.shape.length === 1 ? `(${spec.shape[0]},)` : `(${spec.shape.join(', ')})`;
  let dict = `{'descr': '${spec.descr}', 'fortran_order': ${spec.fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const fixed = version === 1 ? 10 : 12;
  const pad = 64 - ((fixed + dict.length + 1) % 64);
  dict += `${' '.repeat(pad % 64)}\n`;
  const head = Buffer.alloc(fixed);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(head);
  if (version === 1) head.writeUInt16LE(dict.length, 8);
  else head.writeUInt32LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1')]);
}

export function npyBytes(spec: NpySpec, version = 1): Buffer {
  return Buffer.concat([npyHeader(spec, version), spec.raw ?? elementBytes(spec.descr, spec.values ?? [])]);
}

export function elementBytes(descr: string, values: ArrayLike<number | bigint | boolean | string>): Buffer {
  const m = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(descr)!;
  const le = m[1] !== '>';
  const code = m[2];
  const size = Number(m[3]);
  const itemSize = code === 'U' ? size * 4 : size;
  const buf = Buffer.alloc(values.length * itemSize);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const o = i * itemSize;
    if (code === 'U') {
      const cps = [...String(v)].map((c) => c.codePointAt(0)!);
      cps.forEach((cp, k) => (le ? buf.writeUInt32LE(cp, o + k * 4) : buf.writeUInt32BE(cp, o + k * 4)));
    } else if (code === 'S') buf.write(String(v), o, 'utf8');
    else if (code === 'b') buf[o] = v ? 1 : 0;
    else if (code === 'f' && size === 4) le ? buf.writeFloatLE(Number(v), o) : buf.writeFloatBE(Number(v), o);
    else if (code === 'f' && size === 8) le ? buf.writeDoubleLE(Number(v), o) : buf.writeDoubleBE(Number(v), o);
    else if (code === 'i' && size === 8)
      le ? buf.writeBigInt64LE(BigInt(v as number), o) : buf.writeBigInt64BE(BigInt(v as number), o);
    else if (code === 'u' && size === 8)
      le ? buf.writeBigUInt64LE(BigInt(v as number), o) : buf.writeBigUInt64BE(BigInt(v as number), o);
    else if (code === 'i') le ? buf.writeIntLE(Number(v), o, size) : buf.writeIntBE(Number(v), o, size);
    else if (code === 'u') le ? buf.writeUIntLE(Number(v), o, size) : buf.writeUIntBE(Number(v), o, size);
    else throw new Error(`fixture writer: no encoder for ${descr}`);
  }
  return buf;
}

export function writeNpy(file: string, spec: NpySpec, version = 1): string {
  fs.writeFileSync(file, npyBytes(spec, version));
  return file;
}

// ---------- zip / .npz ----------

export interface ZipInput {
  name: string;
  data: Buffer;
  deflate?: boolean;
}

/** A copy of `zip` with the central-directory entry of `name` changed by `change(buffer, offsetOfEntry)`. */
export function patchCentral(zip: Buffer, name: string, change: (b: Buffer, at: number) => void): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.length - 46; at >= 0; at--) {
    if (out.readUInt32LE(at) !== 0x02014b50) continue;
    if (out.subarray(at + 46, at + 46 + out.readUInt16LE(at + 28)).toString() === name) {
      change(out, at);
      return out;
    }
  }
  throw new Error(`no central entry ${name}`);
}

/**
 * A minimal zip writer. With `zip64`, every entry carries ZIP64 extra fields
 * and the archive ends with ZIP64 end records, as numpy's savez writes them.
 */
export function zipBytes(entries: ZipInput[], zip64 = false): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = e.deflate ? zlib.deflateRawSync(e.data) : e.data;
    const crc = zlib.crc32(e.data);
    const name = Buffer.from(e.name, 'utf8');
    const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(e.data.length), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(zip64 ? 0xffffffff : data.length, 18);
    local.writeUInt32LE(zip64 ? 0xffffffff : e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    parts.push(local, name, extra, data);

    const centralExtra = zip64 ? Buffer.alloc(28) : Buffer.alloc(0);
    if (zip64) {
      centralExtra.writeUInt16LE(1, 0);
      centralExtra.writeUInt16LE(24, 2);
      centralExtra.writeBigUInt64LE(BigInt(e.data.length), 4);
      centralExtra.writeBigUInt64LE(BigInt(data.length), 12);
      centralExtra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(45, 4);
    c.writeUInt16LE(zip64 ? 45 : 20, 6);
    c.writeUInt16LE(0x800, 8);
    c.writeUInt16LE(e.deflate ? 8 : 0, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(zip64 ? 0xffffffff : data.length, 20);
    c.writeUInt32LE(zip64 ? 0xffffffff : e.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(centralExtra.length, 30);
    c.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    central.push(c, name, centralExtra);
    offset += local.length + name.length + extra.length + data.length;
  }
  const directory = Buffer.concat(central);
  const tail: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...parts, directory, ...tail, end]);
}

export function writeNpz(
  file: string,
  arrays: Record<string, NpySpec>,
  options: { deflate?: boolean; zip64?: boolean } = {},
): string {
  const entries = Object.entries(arrays).map(([key, spec]) => ({
    name: `${key}.npy`,
    data: npyBytes(spec),
    deflate: options.deflate,
  }));
  fs.writeFileSync(file, zipBytes(entries, options.zip64));
  return file;
}

// ---------- images ----------

export type ImageFormat = 'jpeg' | 'png' | 'bmp' | 'gif';

/** RGB pixels, row-major. */
export interface RgbImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

export function encodeImage(image: RgbImage, format: ImageFormat): Buffer {
  const { width, height, rgb } = image;
  const rgba = Buffer.alloc(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    rgba[p * 4] = rgb[p * 3];
    rgba[p * 4 + 1] = rgb[p * 3 + 1];
    rgba[p * 4 + 2] = rgb[p * 3 + 2];
    rgba[p * 4 + 3] = 255;
  }
  if (format === 'jpeg') return jpeg.encode({ data: rgba, width, height }, 95).data;
  if (format === 'png') {
    const png = new PNG({ width, height });
    rgba.copy(png.data);
    return PNG.sync.write(png);
  }
  if (format === 'bmp') return bmpBytes(image);
  return gifBytes(image);
}

/** A plain 24-bit bottom-up BMP with 4-byte row padding (BITMAPINFOHEADER). */
export function bmpBytes({ width, height, rgb }: RgbImage): Buffer {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const size = 54 + rowSize * height;
  const b = Buffer.alloc(size);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(size, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(rowSize * height, 34);
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * rowSize;
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      b[row + x * 3] = rgb[s + 2];
      b[row + x * 3 + 1] = rgb[s + 1];
      b[row + x * 3 + 2] = rgb[s];
    }
  }
  return b;
}

/** A GIF with a 256-entry palette of 8 levels red × 8 green × 4 blue (colours are quantised). */
export function gifBytes({ width, height, rgb }: RgbImage): Buffer {
  const palette: number[] = [];
  for (let r = 0; r < 8; r++)
    for (let g = 0; g < 8; g++)
      for (let b = 0; b < 4; b++)
        palette.push((Math.round((r * 255) / 7) << 16) | (Math.round((g * 255) / 7) << 8) | Math.round((b * 255) / 3));
  const indices = new Array<number>(width * height);
  for (let p = 0; p < width * height; p++) {
    indices[p] =
      (Math.round((rgb[p * 3] * 7) / 255) << 5) |
      (Math.round((rgb[p * 3 + 1] * 7) / 255) << 2) |
      Math.round((rgb[p * 3 + 2] * 3) / 255);
  }
  const buf = Buffer.alloc(width * height * 2 + 2048);
  const writer = new GifWriter(buf, width, height, { palette });
  writer.addFrame(0, 0, width, height, indices);
  return buf.subarray(0, writer.end());
}

/** A seeded PRNG for fixtures (independent of the loader's own). */
export function fixtureRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * Two classes a small CNN separates easily: class 0 is bright on the left
 * half, class 1 bright on the right half, both with noise and a random tint.
 */
export function patternImage(classId: number, width: number, height: number, random: () => number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  const tint = [random(), random(), random()];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bright = x < width / 2 === (classId === 0);
      for (let c = 0; c < 3; c++) {
        const base = bright ? 170 + 60 * tint[c] : 30 + 40 * tint[c];
        rgb[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + (random() - 0.5) * 50)));
      }
    }
  }
  return { width, height, rgb };
}

/** Writes a class-per-subfolder image folder; returns the root. */
export function writeImageFolder(
  root: string,
  classes: Record<string, number>,
  options: { width?: number; height?: number; format?: ImageFormat | ((i: number) => ImageFormat); seed?: number } = {},
): string {
  const random = fixtureRandom(options.seed ?? 1);
  const width = options.width ?? 32;
  const height = options.height ?? 32;
  Object.entries(classes).forEach(([name, count], classId) => {
    fs.mkdirSync(path.join(root, name), { recursive: true });
    for (let i = 0; i < count; i++) {
      const format = typeof options.format === 'function' ? options.format(i) : (options.format ?? 'png');
      const ext = format === 'jpeg' ? 'jpg' : format;
      fs.writeFileSync(
        path.join(root, name, `${name}-${String(i).padStart(5, '0')}.${ext}`),
        encodeImage(patternImage(classId, width, height, random), format),
      );
    }
  });
  return root;
}
