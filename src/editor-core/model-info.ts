/**
 * Per-layer facts the editor shows (hover, inlay hints, CodeLens, summary):
 * output shape and parameter count come from the analyzer's shape inference;
 * whatever it cannot infer stays null and is shown as "unknown".
 */
import { summarizeModel, type AnalysisResult } from '../analyzer';
import { isConcrete, type LayerNode, type ModelIR, type TensorNode } from '../analyzer/ir';
import type { Shape } from '../analyzer/rules/rule';
import type { LayerRow as TableRow } from '../analyzer/summary';

export interface LayerRow extends TableRow {
  /** Where the layer is (last) applied in the model: inlay hints go at its end. */
  node: TensorNode;
}

export interface ModelSummary {
  model: ModelIR;
  rows: LayerRow[];
  /** Null unless every layer's parameter count is known and no layer may be missing. */
  totalParams: number | null;
}

/** The analyzer's `model.summary()` table (Keras names and order), with each row's tensor. */
export function summarize(result: AnalysisResult, model: ModelIR): ModelSummary {
  const lastUse = new Map<LayerNode, TensorNode>();
  for (const node of model.nodes) lastUse.set(node.layer, node);
  const table = summarizeModel(model, result.shapes);
  const rows = table.rows.map((row) => ({ ...row, node: lastUse.get(row.layer)! }));
  return { model, rows, totalParams: model.complete ? table.totalParams : null };
}

/** `(None, 28, 28, 1)` in Python, `[null,28,28,1]` in JavaScript: how each framework prints shapes. */
export function formatShape(shape: Shape | null, language: AnalysisResult['language']): string {
  if (!shape) return 'unknown';
  if (language === 'python') {
    const dims = shape.map((d) => (d === null ? 'None' : String(d)));
    return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
  }
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}

export function formatCount(n: number | null): string {
  return n === null ? 'unknown' : n.toLocaleString('en-US');
}

/** The innermost layer call or layer application containing `offset`, with its model. */
export function layerAt(result: AnalysisResult, offset: number): { model: ModelIR; row: LayerRow } | null {
  let best: { model: ModelIR; layer: LayerNode; size: number } | null = null;
  for (const model of result.models) {
    for (const node of model.nodes) {
      // A concrete tensor (`tf.range(n)`) has no row: the layer applied to it is what is there.
      if (isConcrete(node)) continue;
      for (const span of [node.layer.call.span, node.span]) {
        if (span.start <= offset && offset <= span.end && (!best || span.end - span.start < best.size)) {
          best = { model, layer: node.layer, size: span.end - span.start };
        }
      }
    }
  }
  if (!best) return null;
  const row = summarize(result, best.model).rows.find((r) => r.layer === best!.layer);
  return row ? { model: best.model, row } : null;
}

/** The model whose definition spans or precedes a line, for commands given a line. */
export function modelNear(result: AnalysisResult, offset: number | null): ModelIR | null {
  if (!result.models.length) return null;
  if (offset === null) return result.models[0];
  const containing = result.models.filter((m) => {
    const spans = [
      m.span,
      ...m.nodes.map((n) => n.span),
      ...(m.compile ? [m.compile.call.span] : []),
      ...m.fits.map((f) => f.call.span),
    ];
    const start = Math.min(...spans.map((s) => s.start));
    const end = Math.max(...spans.map((s) => s.end));
    return start <= offset && offset <= end;
  });
  if (containing.length) return containing[containing.length - 1];
  const before = result.models.filter((m) => m.span.start <= offset);
  return before.length ? before[before.length - 1] : result.models[0];
}
