/**
 * `model-doctor check --fix [--unsafe-fixes]`: applies fixes to files on disk,
 * the way Ruff does. Safe fixes only (a misspelt name replaced by the only close
 * name, an ignored argument removed) unless `--unsafe-fixes` also allows those that
 * change the model, the loss or the learning rate (each finding's preferred fix).
 *
 * Each file is fixed in rounds: analyse, apply every chosen fix that does not
 * overlap another, analyse again (a fix can reveal or settle other findings),
 * until nothing is left to apply. A round that would add syntax errors is dropped.
 * The file is written once, atomically (a temporary file renamed over it), and
 * only if it still holds what was read: the user's text is never half-written or
 * lost. Notebooks and files that are not valid UTF-8 are left alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type AnalysisResult,
  type Analyzer,
  applyEdits,
  type Finding,
  type Fix,
  nonOverlapping,
  type SourceLanguage,
} from '../analyzer';
import { UsageError } from './args';
import { kindOfFile } from './files';

export interface FixOptions {
  /** Also apply unsafe fixes (each finding's preferred one). */
  unsafe: boolean;
}

/** One fix applied, positioned in the text it was applied to (1-based line and column). */
interface AppliedFix {
  rule: string;
  title: string;
  applicability: Fix['applicability'];
  line: number;
  column: number;
}

interface FileFixResult {
  file: string;
  applied: AppliedFix[];
  /** Unsafe fixes left in the final text because --unsafe-fixes was not given. */
  unsafeLeft: number;
  /** Why the file was not fixed (or not written), if it was not. */
  error?: string;
  /** Whether the file on disk was rewritten. */
  written: boolean;
}

/** Enough for chains of fixes (one finding settled reveals the next) without looping forever. */
const MAX_ROUNDS = 10;

/** The fix to apply for a finding: its safe fix (the preferred one if several), or with `unsafe` its preferred fix. */
function chosenFix(finding: Finding, options: FixOptions): Fix | undefined {
  const safe = finding.fixes.filter((f) => f.applicability === 'safe');
  const pick = (fixes: Fix[]) => fixes.find((f) => f.isPreferred) ?? fixes[0];
  if (safe.length) return pick(safe);
  return options.unsafe ? pick(finding.fixes) : undefined;
}

function languageOf(file: string): SourceLanguage | null {
  const kind = kindOfFile(file);
  return kind && kind !== 'notebook' ? kind : null;
}

/** Fixes `text` in rounds; returns the final text and what was applied. Pure: no file is touched. */
export function fixText(
  analyzer: Analyzer,
  text: string,
  language: SourceLanguage,
  fileName: string,
  options: FixOptions,
): { text: string; applied: AppliedFix[]; unsafeLeft: number } {
  const analyze = (t: string) => analyzer.analyze(t, { language, fileName });
  const applied: AppliedFix[] = [];
  const seen = new Set<string>([text]);
  let current = text;
  let result: AnalysisResult = analyze(current);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const chosen = result.findings
      .map((finding) => ({ finding, fix: chosenFix(finding, options) }))
      .filter((c): c is { finding: Finding; fix: Fix } => !!c.fix && c.fix.edits.length > 0);
    if (!chosen.length) break;
    const kept = nonOverlapping(chosen.map((c) => c.fix.edits));
    const keptSet = new Set(kept);
    const appliedNow = chosen.filter((c) => c.fix.edits.every((e) => keptSet.has(e)));
    const next = applyEdits(current, kept);
    // A fix that breaks the syntax, or brings back an earlier text (two fixes undoing each other), ends the rounds.
    if (seen.has(next)) break;
    const after = analyze(next);
    if (after.syntaxErrors > result.syntaxErrors) break;
    for (const { finding, fix } of appliedNow) {
      const at = result.lines.position(finding.span.start);
      applied.push({
        rule: finding.rule,
        title: fix.title,
        applicability: fix.applicability,
        line: at.line + 1,
        column: at.character + 1,
      });
    }
    seen.add(next);
    current = next;
    result = after;
  }
  const unsafeLeft = options.unsafe
    ? 0
    : result.findings.filter((f) => !chosenFix(f, options) && f.fixes.some((x) => x.applicability === 'unsafe')).length;
  return { text: current, applied, unsafeLeft };
}

/** Replaces `file` with `text` atomically, keeping its permissions; throws (leaving the file as it was) on failure. */
function writeAtomically(file: string, text: string): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.model-doctor-${process.pid}-${Date.now()}.tmp`);
  const mode = fs.statSync(file).mode;
  try {
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      fs.writeFileSync(fd, text, 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Fixes one file on disk. Never throws: a file that cannot be fixed says why and is left untouched. */
function fixFile(analyzer: Analyzer, file: string, options: FixOptions): FileFixResult {
  const result: FileFixResult = { file, applied: [], unsafeLeft: 0, written: false };
  const language = languageOf(file);
  if (!language) return { ...result, error: 'notebooks are not fixed from the command line (open it in the editor)' };
  if (!analyzer.supports(language)) return { ...result, error: `${language} files are not supported yet` };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { ...result, error: `cannot read: ${(e as Error).message}` };
  }
  const original = bytes.toString('utf8');
  // Invalid UTF-8 would come back as U+FFFD: writing it would lose the user's bytes.
  if (!Buffer.from(original, 'utf8').equals(bytes)) return { ...result, error: 'not valid UTF-8, left unchanged' };
  let fixed: ReturnType<typeof fixText>;
  try {
    fixed = fixText(analyzer, original, language, file, options);
  } catch (e) {
    return { ...result, error: `could not be fixed: ${(e as Error).message}` };
  }
  result.unsafeLeft = fixed.unsafeLeft;
  if (fixed.text === original) return result;
  try {
    // Someone (an editor's save) changed the file while it was analysed: their text wins.
    if (!fs.readFileSync(file).equals(bytes))
      return { ...result, error: 'changed on disk while being fixed, left as it is' };
    writeAtomically(file, fixed.text);
  } catch (e) {
    return { ...result, error: `could not be written: ${(e as Error).message}` };
  }
  return { ...result, applied: fixed.applied, written: true };
}

/** What `check --fix` prints: one line per fix applied, then a summary line. */
function formatFixes(results: FileFixResult[], displayPath: (file: string) => string, options: FixOptions): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const a of r.applied)
      lines.push(`${displayPath(r.file)}:${a.line}:${a.column}  fixed (${a.applicability})  ${a.title}  [${a.rule}]`);
  }
  const fixedCount = results.reduce((n, r) => n + r.applied.length, 0);
  const files = results.filter((r) => r.written).length;
  const unsafeLeft = results.reduce((n, r) => n + r.unsafeLeft, 0);
  let summary = `Fixed ${fixedCount} problem(s) in ${files} file(s)`;
  if (!options.unsafe && unsafeLeft)
    summary += `; ${unsafeLeft} more have unsafe fixes (they change the model, the loss or the learning rate): review them, or use --unsafe-fixes`;
  lines.push(`${summary}.`);
  return `${lines.join('\n')}\n`;
}

/** The flags `check` takes for fixing. */
export const FIX_FLAGS = ['fix', 'unsafe-fixes'];

/**
 * `check --fix [--unsafe-fixes]`: fixes the files, reports what changed (stdout for the text format; stderr
 * for json/sarif, whose stdout stays one document). Nothing happens without --fix.
 */
export function applyFixes(
  analyzer: Analyzer,
  files: readonly string[],
  flags: ReadonlySet<string>,
  format: 'text' | 'json' | 'sarif',
  io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream; displayPath: (file: string) => string },
): void {
  if (flags.has('unsafe-fixes') && !flags.has('fix')) throw new UsageError('--unsafe-fixes goes with --fix');
  if (!flags.has('fix')) return;
  const options = { unsafe: flags.has('unsafe-fixes') };
  const results = files.map((file) => fixFile(analyzer, file, options));
  for (const r of results) if (r.error) io.err.write(`model-doctor: ${io.displayPath(r.file)}: ${r.error}\n`);
  (format === 'text' ? io.out : io.err).write(formatFixes(results, io.displayPath, options));
}
