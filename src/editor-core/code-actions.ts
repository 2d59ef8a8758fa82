/**
 * The code actions offered on findings, editor-neutral: every fix the analyzer
 * offers (the safest one preferred), "Fix all <rule> in this file", "Ignore
 * <rule> on this line", and "Verify by training" on errors; and the fix-all
 * edits behind `source.fixAll.modelDoctor`.
 */
import type { Edit, Finding, Fix } from '../analyzer';
import type { Analysis } from './analysis-cache';
import { type Located, type Range, rangesTouch } from './program-source';
import { suppressionEdit } from './suppress';

export const FIX_ALL_KIND = 'source.fixAll.modelDoctor';

export interface PlacedEdit {
  uri: string;
  range: Range;
  newText: string;
}

export interface PlannedAction {
  title: string;
  edits: PlacedEdit[];
  isPreferred?: boolean;
  /** The finding the action is about, and where it is (to attach its diagnostic). */
  finding: Finding;
  at: Located;
  /** Set on "Verify by training": the file or cell and the 1-based line to verify. */
  verify?: { uri: string; line: number };
}

/**
 * Which fixes "fix all" (and so `editor.codeActionsOnSave`) applies: the
 * preferred fix of each finding. (Fix safety, issue 12, narrows this to
 * fixes marked safe.)
 */
function appliesInFixAll(fix: Fix): boolean {
  return fix.isPreferred;
}

/** The edits of a fix placed in the editor's documents; null when an edit crosses notebook cells. */
function placeEdits(analysis: Analysis, edits: readonly Edit[]): PlacedEdit[] | null {
  const out: PlacedEdit[] = [];
  for (const edit of edits) {
    const at = analysis.source.locate(edit.span);
    if (!at) return null;
    out.push({ uri: at.uri, range: at.range, newText: edit.newText });
  }
  return out;
}

/** Keeps edits that do not overlap any earlier kept edit (for applying several fixes at once). */
function nonOverlapping(groups: readonly (readonly Edit[])[]): Edit[] {
  const kept: Edit[] = [];
  const overlaps = (a: Edit, b: Edit) =>
    (a.span.start < b.span.end && b.span.start < a.span.end) ||
    (a.span.start === b.span.start && a.span.end === a.span.start && b.span.end === b.span.start);
  for (const group of groups) {
    if (group.some((e) => kept.some((k) => overlaps(e, k)))) continue;
    kept.push(...group);
  }
  return kept;
}

/** One set of edits applying the fix-all fix of each finding; fixes that would overlap an earlier one are left out. */
export function fixAllEdits(analysis: Analysis, findings: readonly Finding[]): PlacedEdit[] | null {
  const chosen = findings.map((f) => f.fixes.find(appliesInFixAll)?.edits ?? []).filter((e) => e.length);
  if (!chosen.length) return null;
  const edits = placeEdits(analysis, nonOverlapping(chosen));
  return edits?.length ? edits : null;
}

export interface QuickFixOptions {
  /** Offer "Verify by training" on errors (only where the editor can run it). */
  verify: boolean;
}

/** The quick fixes for the findings whose range touches `range` in document `uri`. */
export function quickFixes(analysis: Analysis, uri: string, range: Range, options: QuickFixOptions): PlannedAction[] {
  const { source, result } = analysis;
  const actions: PlannedAction[] = [];
  const fixAllOffered = new Set<string>();
  for (const finding of result.findings) {
    const at = source.locate(finding.span);
    if (!at || at.uri !== uri || !rangesTouch(at.range, range)) continue;
    for (const fix of finding.fixes) {
      const edits = placeEdits(analysis, fix.edits);
      if (edits) actions.push({ title: fix.title, edits, isPreferred: fix.isPreferred, finding, at });
    }
    if (!fixAllOffered.has(finding.rule)) {
      fixAllOffered.add(finding.rule);
      const sameRule = result.findings.filter((f) => f.rule === finding.rule && f.fixes.length);
      const edits = sameRule.length > 1 ? fixAllEdits(analysis, sameRule) : null;
      if (edits) actions.push({ title: `Fix all ${finding.rule} in this file`, edits, finding, at });
    }
    const document = source.document(uri);
    if (document) {
      const edit = suppressionEdit(document, at.range.start.line, finding.rule, source.comment);
      actions.push({ title: `Ignore ${finding.rule} on this line`, edits: [{ uri, ...edit }], finding, at });
    }
    if (options.verify && finding.severity === 'error')
      actions.push({
        title: 'Verify by training',
        edits: [],
        finding,
        at,
        verify: { uri, line: at.range.start.line + 1 },
      });
  }
  return actions;
}
