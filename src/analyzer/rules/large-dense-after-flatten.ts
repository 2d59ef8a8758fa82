import type { TensorNode } from '../ir';
import { canonicalType } from '../shapes';
import type { Fix } from '../findings';
import type { Rule } from './rule';
import { dependsOnCondition, formatShape, keepsShape, layerLabel } from './shape-facts';

/** One Dense layer above this many weights dominates the model. */
const LARGE_DENSE_PARAMS = 10_000_000;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Flatten turns every pixel of every feature map into an input of the next
 * Dense: on large maps that one layer holds tens of millions of weights
 * (memory, training time, overfitting) where pooling needs a few thousand.
 */
export const largeDenseAfterFlatten: Rule = {
  meta: {
    id: 'large-dense-after-flatten',
    severity: 'info',
    summary: 'Dense after Flatten with more than 10M parameters in that one layer',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect, shapes } = ctx;
    // GlobalAveragePooling defaults to channels-last; with channels_first maps (or an unreadable data_format) it would pool the wrong axes.
    const channelsFirst = model.nodes.some((n) => {
      const arg = n.layer.call.args.get('data_format');
      if (!arg || arg.value.kind === 'none') return false;
      return arg.value.kind !== 'string' || /first/i.test(arg.value.value);
    });
    for (const node of model.nodes) {
      if (canonicalType(node.layer.type) !== 'Dense') continue;
      const counts = shapes.params(node.layer);
      if (!counts || counts.trainable + counts.nonTrainable <= LARGE_DENSE_PARAMS) continue;
      const flatten = flattenBefore(ctx.shapes, node);
      if (!flatten || dependsOnCondition(node)) continue;
      const [mapShape] = shapes.inputShapes(flatten);
      const [denseIn] = shapes.inputShapes(node);
      const out = shapes.outputShape(node);
      if (!mapShape || !denseIn || !out) continue;
      const total = counts.trainable + counts.nonTrainable;
      const units = out[out.length - 1];
      const inputs = denseIn[denseIn.length - 1];
      const rank = mapShape.length - 2;
      const channels = mapShape[mapShape.length - 1];
      const bias = inputs !== null && units !== null ? total - inputs * units : null;
      const pooled = channels !== null && units !== null && bias !== null ? channels * units + bias : null;
      const gap = `GlobalAveragePooling${rank}D`;
      const alternative =
        rank >= 1 && rank <= 3
          ? ` or replace Flatten with ${gap}${pooled !== null ? ` (${count(pooled)} parameters in the Dense layer)` : ''}`
          : '';
      let fixList: Fix[] = [];
      if (rank >= 1 && rank <= 3 && !channelsFirst) {
        const expr = dialect.layerExpression(gap, flatten.layer);
        if (expr)
          fixList = [
            {
              title: `Replace Flatten with ${gap}`,
              isPreferred: false,
              applicability: 'unsafe',
              edits: [{ span: flatten.layer.call.span, newText: expr.code }, ...expr.extraEdits],
            },
          ];
      }
      ctx.report({
        message:
          `${layerLabel(model, node.layer)} after Flatten has ${count(total)} parameters` +
          `${inputs !== null && units !== null ? ` (${count(inputs)} flattened inputs × ${count(units)} units)` : ''}: Flatten turns the whole ${formatShape(mapShape)} feature map into inputs, ` +
          `so this one layer dominates the model's size, memory and training time and overfits easily. Downsample more before Flatten (pooling, strides)${alternative}.`,
        span: node.layer.call.span,
        related: [
          {
            span: flatten.layer.call.span,
            message: `Flatten makes ${formatShape(shapes.outputShape(flatten))} out of ${formatShape(mapShape)}`,
          },
        ],
        fixes: fixList,
      });
    }
  },
};

/** The Flatten feeding `dense`, directly or through layers that keep the shape (Dropout, BatchNormalization…). */
function flattenBefore(shapes: Parameters<typeof keepsShape>[0], dense: TensorNode): TensorNode | null {
  let node = dense.inputs.length === 1 ? dense.inputs[0] : undefined;
  for (let guard = 0; node && guard < 1000; guard++) {
    if (canonicalType(node.layer.type) === 'Flatten') return node;
    if (!keepsShape(shapes, node) || node.inputs.length !== 1) return null;
    node = node.inputs[0];
  }
  return null;
}
