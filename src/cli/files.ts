/** Finds the files `model-doctor check` looks at and reads them without ever throwing. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageForFile, MAX_SOURCE_CHARACTERS, type SourceLanguage } from '../analyzer';

/** Folders that hold dependencies or build output, never the user's models. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '__pycache__',
  '.venv',
  'venv',
  'env',
  '.tox',
  '.mypy_cache',
  'dist',
  'build',
  '.ipynb_checkpoints',
  'site-packages',
]);

export type FileKind = SourceLanguage | 'notebook';

export function kindOfFile(file: string): FileKind | null {
  if (file.toLowerCase().endsWith('.ipynb')) return 'notebook';
  return languageForFile(file);
}

/**
 * Expands files and folders into analysable files, in a stable order. Missing paths are reported, not thrown.
 * `skip` leaves out files and folders (`named`: the path was given on the command line).
 */
export function collectFiles(
  inputs: string[],
  supported: (kind: FileKind) => boolean,
  skip: (file: string, isDir: boolean, named: boolean) => boolean = () => false,
): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.') && !skip(full, true, false)) walk(full);
      } else if (e.isFile()) {
        const kind = kindOfFile(e.name);
        if (kind && supported(kind) && !skip(full, false, false)) files.push(full);
      }
    }
  };
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      missing.push(input);
      continue;
    }
    if (skip(input, stat.isDirectory(), true)) continue;
    if (stat.isDirectory()) walk(input);
    else files.push(input);
  }
  return { files: [...new Set(files)], missing };
}

/** A code file larger than this is not read: the analyzer's own limit (a UTF-8 file has at most as many characters as bytes). */
const MAX_CODE_BYTES = MAX_SOURCE_CHARACTERS;
/** Notebooks also carry their outputs (plots, tables): the file may be larger, its code still meets the analyzer's limit. */
const MAX_NOTEBOOK_BYTES = 50_000_000;

/** What a path that is not a regular file is, for messages. */
function nodeKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a source file as UTF-8 (invalid bytes become U+FFFD), or says why not:
 * regular files only (a FIFO or a device would block or never end), within
 * the size limit, not binary.
 */
export function readSource(file: string): { text: string } | { error: string } {
  const limit = kindOfFile(file) === 'notebook' ? MAX_NOTEBOOK_BYTES : MAX_CODE_BYTES;
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { error: `cannot read: ${(e as Error).message}` };
  }
  let buffer: Buffer;
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { error: `${nodeKind(stat)}, not a file to analyse` };
    if (stat.size > limit)
      return { error: `too large to analyse (${(stat.size / 1e6).toFixed(1)} MB; the limit is ${limit / 1e6} MB)` };
    buffer = Buffer.allocUnsafe(stat.size);
    let done = 0;
    while (done < buffer.length) {
      const read = fs.readSync(fd, buffer, done, buffer.length - done, done);
      if (read === 0) break;
      done += read;
    }
    buffer = buffer.subarray(0, done);
  } catch (e) {
    return { error: `cannot read: ${(e as Error).message}` };
  } finally {
    fs.closeSync(fd);
  }
  // UTF-16 with a byte-order mark (Windows editors save "Unicode" this way); anything else with NULs is binary.
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: buffer.subarray(2).toString('utf16le') };
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return {
      text: Buffer.from(buffer.subarray(2, buffer.length - (buffer.length % 2)))
        .swap16()
        .toString('utf16le'),
    };
  if (buffer.subarray(0, 8000).includes(0)) return { error: 'binary file' };
  return { text: buffer.toString('utf8') };
}
