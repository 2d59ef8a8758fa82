import type { TensorNode } from '../ir';
import { canonicalType } from '../shapes';
import { layerNames } from '../shapes/naming';
import type { Rule } from './rule';
import { dependsOnCondition, formatShape, keepsShape, layerLabel } from './shape-facts';

/** Layers that produce feature maps with spatial axes. */
const SPATIAL = /^(Conv[123]D(Transpose)?|DepthwiseConv[12]D|SeparableConv[12]D|(Max|Average)Pooling[123]D)$/;

/** Layers that change sizes but keep the spatial axes (besides those that keep the whole shape). */
const KEEPS_AXES = /^(UpSampling[123]D|ZeroPadding[123]D|Cropping[123]D)$/;

/**
 * Dense acts on the last axis only: after convolutions or pooling without a
 * Flatten, it makes one prediction per position and the model's output keeps
 * the spatial axes, so it cannot match one label per sample.
 */
export const missingFlatten: Rule = {
  meta: {
    id: 'missing-flatten',
    severity: 'warning',
    summary: 'Dense after Conv/Pool layers without Flatten: the output keeps spatial axes',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect, shapes } = ctx;
    if (!model.complete) return;
    const reported = new Set<TensorNode>();
    for (const output of model.outputs) {
      const outShape = shapes.outputShape(output);
      if (!outShape || outShape.length < 3 || dependsOnCondition(output)) continue;
      // Walk back from the output along layers that keep the spatial axes; remember the Dense nearest the feature maps.
      let dense: TensorNode | null = null;
      let source: TensorNode | null = null;
      for (let node: TensorNode | undefined = output, guard = 0; node && guard < 10000; guard++) {
        const type = canonicalType(node.layer.type);
        if (node.layer.model && node.inputs.length === 1) {
          // A model used as a layer (a convolutional feature extractor) hands over its feature maps.
          if ((shapes.outputShape(node)?.length ?? 0) >= 3) source = node;
          break;
        }
        if (!node.layer.known) break;
        // A convolution can be the model's first layer (input_shape on it, no Input node before it).
        if (SPATIAL.test(type)) {
          source = node;
          break;
        }
        if (node.inputs.length !== 1) break;
        if (type === 'Dense') dense = node;
        else if (!KEEPS_AXES.test(type) && !keepsShape(shapes, node)) break;
        node = node.inputs[0];
      }
      if (!dense || !source || reported.has(dense)) continue;
      reported.add(dense);
      const names = layerNames(model);
      const [input] = shapes.inputShapes(dense);
      const denseOut = shapes.outputShape(dense);
      if (!input || !denseOut) continue;
      const units = denseOut[denseOut.length - 1];
      const expected = formatShape([outShape[0], outShape[outShape.length - 1]]);
      const edits = dialect.insertLayerBefore(dense, 'Flatten');
      ctx.report({
        message:
          `${layerLabel(model, dense.layer, names)} receives ${formatShape(input)} from ${layerLabel(model, source.layer, names)} with no Flatten in between. ` +
          `Dense acts on the last axis only, so it makes ${units === null ? 'its' : units} output${units === 1 ? '' : 's'} at every position and the model outputs ${formatShape(outShape)} instead of ${expected}: ` +
          `it will not match one label per sample. Insert Flatten (or GlobalAveragePooling) before the Dense layer.`,
        span: dense.layer.call.span,
        related: [
          {
            span: source.layer.call.span,
            message: `the spatial axes come from here: ${formatShape(shapes.outputShape(source))}`,
          },
        ],
        fixes: edits
          ? [{ title: 'Insert Flatten before the Dense layer', isPreferred: true, applicability: 'unsafe', edits }]
          : [],
      });
    }
  },
};
