import type { Span } from './ir';

export type Severity = 'error' | 'warning' | 'info';

export interface Edit {
  span: Span;
  newText: string;
}

/**
 * Whether a fix may be applied without a person looking at it (Ruff's fix safety).
 * `safe`: it cannot change what the code means to do (a misspelt name replaced by
 * the only close name, an argument the framework ignores removed): fix-all on save
 * and `check --fix` apply it. `unsafe`: it changes the model, the loss, the labels'
 * meaning, the learning rate or what is monitored; offered, never applied in bulk.
 */
export type Applicability = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  /** The most likely right choice among a finding's fixes: VS Code lists it first and marks it preferred. */
  isPreferred: boolean;
  applicability: Applicability;
  edits: Edit[];
}

/** The other half of a mismatch: the loss for a layer finding, where labels were encoded… */
export interface RelatedInfo {
  span: Span;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  span: Span;
  related: RelatedInfo[];
  fixes: Fix[];
  /** The model the finding belongs to, when it belongs to one. */
  modelId: number | null;
}

/** Applies non-overlapping edits to a text (used by tests, the trainer's fixed variants and the CLI). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.span.end > limit) throw new Error(`overlapping edits at offset ${edit.span.start}`);
    out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
    limit = edit.span.start;
  }
  return out;
}

/**
 * Keeps whole groups of edits (one group per fix) that do not overlap any earlier
 * kept edit: several fixes applied at once (fix-all, `check --fix`), a fix
 * that collides with an earlier one left for the next round.
 */
export function nonOverlapping(groups: readonly (readonly Edit[])[]): Edit[] {
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
