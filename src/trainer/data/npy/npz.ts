/**
 * .npz archives: a zip of .npy files named `KEY.npy`. Opening one reads only
 * the zip directory and the headers of the arrays asked for.
 */
import * as path from 'node:path';
import { DataError } from '../errors';
import type { RandomAccessFile } from '../file-reader';
import { entryDataOffset, readZipDirectory, type ZipEntry } from '../zip';
import { openNpyArray, type NpyArray } from './array';

export interface NpzArchive {
  file: RandomAccessFile;
  /** Array names (entry names without `.npy`), in archive order. */
  keys: string[];
  entries: Map<string, ZipEntry>;
}

export async function openNpz(file: RandomAccessFile): Promise<NpzArchive> {
  const entries = new Map<string, ZipEntry>();
  for (const entry of await readZipDirectory(file)) {
    if (entry.name.endsWith('/')) continue;
    entries.set(entry.name.replace(/\.npy$/, ''), entry);
  }
  return { file, keys: [...entries.keys()], entries };
}

export async function openNpzArray(archive: NpzArchive, key: string): Promise<NpyArray> {
  const entry = archive.entries.get(key);
  const name = path.basename(archive.file.path);
  if (!entry) {
    throw new DataError(
      'npz-key',
      `${name} has no array '${key}' (it holds: ${archive.keys.map((k) => `'${k}'`).join(', ') || 'nothing'})`,
    );
  }
  const dataOffset = await entryDataOffset(archive.file, entry);
  const what = `${name}['${key}']`;
  if (entry.method === 0)
    return openNpyArray({ file: archive.file, what, start: dataOffset, length: entry.uncompressedSize });
  return openNpyArray({
    file: archive.file,
    what,
    start: 0,
    length: entry.uncompressedSize,
    deflated: { entry, dataOffset },
  });
}

const X_KEYS = ['x', 'x_train', 'X', 'X_train', 'inputs', 'features', 'images', 'data'];
const Y_KEYS = ['y', 'y_train', 'Y', 'Y_train', 'labels', 'label', 'targets', 'target'];

/**
 * Which arrays of an archive are the inputs and which the labels, when the
 * code or the user did not say: the conventional names (x/y, x_train/y_train,
 * images/labels…), or, in an archive of exactly two arrays, the one with more
 * values per row as the inputs. Null when it cannot be told.
 */
export async function guessNpzKeys(
  archive: NpzArchive,
  xKey: string | null,
  yKey: string | null,
): Promise<{ x: string; y: string } | null> {
  const pick = (names: string[], not: string | null) => names.find((k) => archive.entries.has(k) && k !== not) ?? null;
  let x = xKey ?? pick(X_KEYS, yKey);
  let y = yKey ?? pick(Y_KEYS, x);
  if ((!x || !y) && archive.keys.length === 2) {
    const [a, b] = archive.keys;
    if (x) y = x === a ? b : a;
    else if (y) x = y === a ? b : a;
    else {
      const [arrayA, arrayB] = [await openNpzArray(archive, a), await openNpzArray(archive, b)];
      if (arrayA.rowLength === arrayB.rowLength) return null;
      [x, y] = arrayA.rowLength > arrayB.rowLength ? [a, b] : [b, a];
    }
  }
  return x && y ? { x, y } : null;
}
