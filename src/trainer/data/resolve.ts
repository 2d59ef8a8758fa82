/**
 * Finding the data: paths from the code are relative to the analysed file's
 * folder (where the user runs it from, usually) and then to the workspace root;
 * user paths may carry a `:NAME` selector for an .npz array or a CSV column.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from './errors';
import { NPY_MAGIC } from './npy/header';
import type { DataKind } from './types';

function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}

export function resolveDataPath(written: string, baseDirs: readonly string[]): string {
  const expanded =
    written.startsWith('~/') && process.env.HOME ? path.join(process.env.HOME, written.slice(2)) : written;
  if (path.isAbsolute(expanded)) {
    if (exists(expanded)) return expanded;
    throw new DataError('not-found', `${written} does not exist`);
  }
  for (const base of baseDirs) {
    const candidate = path.resolve(base, expanded);
    if (exists(candidate)) return candidate;
  }
  const where = baseDirs.length ? ` (looked in ${baseDirs.join(', ')})` : '';
  throw new DataError('not-found', `${written} was not found${where}`);
}

/**
 * `d.npz:x_train` → the file and the array; `iris.csv:species` → the file and
 * the column. The selector is everything after the file's name, so array names
 * with `/` (numpy writes `savez(f, **{'train/x': x})` as such) can be selected.
 */
export function resolveUserSpec(spec: string, baseDirs: readonly string[]): { path: string; selector: string | null } {
  try {
    return { path: resolveDataPath(spec, baseDirs), selector: null };
  } catch (error) {
    const m = /^(.*?\.(?:npz|csv|tsv|txt|dat)):(.+)$/i.exec(spec);
    if (!m) throw error;
    return { path: resolveDataPath(m[1], baseDirs), selector: m[2] };
  }
}

const CSV_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.dat', '.data']);

/** A folder is an image folder; files go by extension, then by their first bytes. */
export function detectKind(resolved: string): DataKind {
  const stat = fs.statSync(resolved);
  if (stat.isDirectory()) return 'image-directory';
  if (!stat.isFile())
    throw new DataError(
      'unreadable',
      `${resolved} is ${stat.isFIFO() ? 'a named pipe (FIFO)' : 'a device or socket'}, not a data file: give a regular file or a folder`,
    );
  const ext = path.extname(resolved).toLowerCase();
  if (ext === '.npy') return 'npy';
  if (ext === '.npz') return 'npz';
  if (CSV_EXTENSIONS.has(ext)) return 'csv';
  const head = Buffer.alloc(8);
  const fd = fs.openSync(resolved, 'r');
  try {
    fs.readSync(fd, head, 0, 8, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.subarray(0, 6).equals(NPY_MAGIC)) return 'npy';
  if (head.readUInt32LE(0) === 0x04034b50) return 'npz';
  throw new DataError(
    'unknown-format',
    `${resolved} is not data Model Doctor reads: give a folder of class subfolders with images, an .npy or .npz array, or a CSV file`,
  );
}
