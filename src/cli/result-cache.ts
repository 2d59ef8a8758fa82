/**
 * `check --cache`: a file whose content has not changed is not analysed again.
 * Like ESLint's and Ruff's caches it lives in a folder of the project
 * (default `.model-doctor-cache/`, with a `.gitignore` and a CACHEDIR.TAG so it
 * is neither committed nor backed up). One JSON file per configuration: its
 * name hashes the tool version and every setting that changes findings, so an
 * upgrade or a settings change starts afresh; entries are keyed by absolute
 * path and checked against a SHA-256 of the file's bytes.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOOL_VERSION } from '../version';
import type { PlainReport } from './report-transfer';

export const DEFAULT_CACHE_FOLDER = '.model-doctor-cache';
/** Bumped when the stored report format changes. */
const CACHE_FORMAT = 1;
/** Larger files are analysed (or refused) every time rather than hashed. */
const MAX_HASHED_BYTES = 64 * 1024 * 1024;

interface CacheFile {
  key: string;
  entries: Record<string, { hash: string; report: PlainReport }>;
}

/** SHA-256 of a regular file's bytes; null for anything else (FIFOs, devices, huge files, unreadable). */
export function hashFile(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > MAX_HASHED_BYTES) return null;
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

export class ResultCache {
  private readonly file: string;
  private readonly key: string;
  private entries: CacheFile['entries'] = {};
  private readonly fresh: CacheFile['entries'] = {};
  hits = 0;

  /** `settings`: everything besides the file that changes its findings (rule severities, options). */
  constructor(
    private readonly folder: string,
    settings: unknown,
  ) {
    this.key = createHash('sha256')
      .update(JSON.stringify({ format: CACHE_FORMAT, version: TOOL_VERSION, settings }))
      .digest('hex')
      .slice(0, 16);
    this.file = path.join(folder, `results-${this.key}.json`);
    try {
      const stored = JSON.parse(fs.readFileSync(this.file, 'utf8')) as CacheFile;
      if (stored.key === this.key && stored.entries && typeof stored.entries === 'object')
        this.entries = stored.entries;
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  get(file: string, hash: string): PlainReport | null {
    const entry = this.entries[path.resolve(file)];
    if (!entry || entry.hash !== hash) return null;
    this.hits++;
    this.fresh[path.resolve(file)] = entry;
    return entry.report;
  }

  set(file: string, hash: string, report: PlainReport): void {
    this.fresh[path.resolve(file)] = { hash, report };
  }

  /**
   * Writes what this run used or made (files not seen this run are kept, so
   * checking one folder does not forget another), atomically, and removes
   * caches of other versions or settings. Failure to write is not an error
   * of the check: it is reported and the run goes on.
   */
  save(): string | null {
    const data: CacheFile = { key: this.key, entries: { ...this.entries, ...this.fresh } };
    try {
      fs.mkdirSync(this.folder, { recursive: true });
      const gitignore = path.join(this.folder, '.gitignore');
      if (!fs.existsSync(gitignore)) fs.writeFileSync(gitignore, '# Written by model-doctor check --cache\n*\n');
      const tag = path.join(this.folder, 'CACHEDIR.TAG');
      if (!fs.existsSync(tag))
        fs.writeFileSync(
          tag,
          'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by model-doctor.\n',
        );
      const temporary = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(data));
      fs.renameSync(temporary, this.file);
      for (const name of fs.readdirSync(this.folder))
        if (/^results-[0-9a-f]{16}\.json$/.test(name) && name !== path.basename(this.file))
          fs.rmSync(path.join(this.folder, name), { force: true });
      return null;
    } catch (error) {
      return `could not write the cache in ${this.folder}: ${(error as Error).message}`;
    }
  }
}
