/** Inlay hints: each layer's inferred output shape after its call (only where the shape is known). */
import type { AnalysisResult } from '../analyzer';
import { formatShape, summarize } from './model-info';

export interface ShapeHint {
  /** Where the hint goes in the analysed text: the end of the layer's (last) application. */
  offset: number;
  label: string;
  tooltip: string;
}

export function shapeHints(result: AnalysisResult): ShapeHint[] {
  const hints: ShapeHint[] = [];
  const seen = new Set<number>();
  for (const model of result.models) {
    for (const row of summarize(result, model).rows) {
      if (!row.outputShape || seen.has(row.node.span.end)) continue;
      seen.add(row.node.span.end);
      hints.push({
        offset: row.node.span.end,
        label: `→ ${formatShape(row.outputShape, result.language)}`,
        tooltip: `output shape of ${row.layer.type} (inferred by Model Doctor)`,
      });
    }
  }
  return hints;
}
