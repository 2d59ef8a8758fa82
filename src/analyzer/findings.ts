import type { Span } from './ir';

export type Severity = 'error' | 'warning' | 'info';

export interface Edit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  /** The safe choice: VS Code marks it preferred and "Fix all" applies it. */
  isPreferred: boolean;
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
