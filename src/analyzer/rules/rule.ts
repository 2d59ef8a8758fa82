/**
 * A rule is a small module: `meta` (id, severity, one-line summary, whether it
 * offers fixes) and `check`, which looks at one model and reports findings.
 * Rules never see syntax or language: only the IR, inferred shapes and a dialect.
 */
import type { Dialect } from '../dialect';
import type { Fix, RelatedInfo, Severity } from '../findings';
import type { LayerNode, ModelIR, Span, TensorNode } from '../ir';

interface RuleMeta {
  /** Public contract: settings, suppression comments and CLI output use it. */
  id: string;
  severity: Severity;
  /** One line for the rule table and the CLI. */
  summary: string;
  fixable: boolean;
}

/** Shape of a tensor, batch axis first; null for unknown dimensions. */
export type Shape = (number | null)[];

/** Weights a layer creates, counted the way Keras counts them. */
export interface ParamCount {
  trainable: number;
  nonTrainable: number;
}

/**
 * Why the framework would reject a layer when the model is built. Inference
 * records it where it happens and continues with an unknown shape, so one
 * mistake is reported once, not again at every layer after it.
 */
export type ShapeProblem =
  | {
      kind: 'negative-dimension';
      input: Shape;
      /** The output the layer would compute, with the dimensions that are <= 0. */
      output: Shape;
      /** What shrinks the input: "its 5x5 kernel", "its 2x2 pool"… */
      cause: string;
    }
  | {
      kind: 'rank';
      input: Shape;
      /** Rank (batch axis included) the layer needs; `atLeast` when more is fine too. */
      expected: number;
      atLeast: boolean;
      /** The axes the layer expects, for messages: "(batch, rows, cols, channels)". */
      axes: string | null;
      /** The layer is missing a trailing channel/feature axis (rather than any rank). */
      channelAxis: 'first' | 'last' | null;
    };

export interface ShapeView {
  /** The inferred output shape of a tensor, or null when unknown. */
  outputShape(node: TensorNode): Shape | null;
  /** The shapes flowing into a tensor's layer, one per input (null where unknown). */
  inputShapes(node: TensorNode): (Shape | null)[];
  /** Weights of a layer, from its first application; null when they depend on something unknown. */
  params(layer: LayerNode): ParamCount | null;
  /** Why the framework would reject this application of a layer, if it would. */
  problem(node: TensorNode): ShapeProblem | null;
}

export interface Report {
  message: string;
  span: Span;
  /**
   * This finding's severity when it differs from the rule's (`meta.severity`): a rule whose
   * mistake makes training fail with one loss and only hurts it with another says which.
   * A severity set for the rule in the settings still applies to all its findings.
   */
  severity?: Severity;
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
