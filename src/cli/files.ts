/** Finds the files `model-doctor check` looks at and reads them without ever throwing. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageForFile, type SourceLanguage } from '../analyzer';

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

/** Reads a text file as UTF-8 (invalid bytes become U+FFFD). Returns null for binary files. */
export function readSource(file: string): { text: string } | { error: string } {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (e) {
    return { error: `cannot read: ${(e as Error).message}` };
  }
  if (buffer.subarray(0, 8000).includes(0)) return { error: 'binary file, skipped' };
  return { text: buffer.toString('utf8') };
}
