/**
 * A rule is a small module: `meta` (id, severity, one-line summary, whether it
 * offers fixes) and `check`, which looks at one model and reports findings.
 * Rules never see syntax or language: only the IR, inferred shapes and a dialect.
 */
import type { Dialect } from '../dialect';
import type { Fix, RelatedInfo, Severity } from '../findings';
import type { ModelIR, Span, TensorNode } from '../ir';

export interface RuleMeta {
  /** Public contract: settings, suppression comments and CLI output use it. */
  id: string;
  severity: Severity;
  /** One line for the rule table and the CLI. */
  summary: string;
  fixable: boolean;
}

/** Shape of a tensor, batch axis first; null for unknown dimensions. */
export type Shape = (number | null)[];

export interface ShapeView {
  /** The inferred output shape of a tensor, or null when unknown. */
  outputShape(node: TensorNode): Shape | null;
}

export interface Report {
  message: string;
  span: Span;
  related?: RelatedInfo[];
  fixes?: Fix[];
}

export interface RuleContext {
  model: ModelIR;
  dialect: Dialect;
  shapes: ShapeView;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
