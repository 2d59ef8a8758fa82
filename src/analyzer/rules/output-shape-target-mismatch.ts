import type { FitInfo, TensorNode } from '../ir';
import type { Rule, RuleContext, Shape } from './rule';

function text(dims: Shape): string {
  const inner = dims.map((d) => (d === null ? 'None' : String(d)));
  return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(', ')})`;
}

function spatial(shape: Shape): string {
  return shape
    .slice(1, -1)
    .map((d) => (d === null ? '?' : String(d)))
    .join('×');
}

/**
 * The spatial sizes along the path from the model's input to its output
 * (following each layer's first input): "28×28 → 14×14 → 7×7 → 3×3 → 6×6 …",
 * each size once, so the message shows where rows and columns were lost.
 */
function spatialPath(ctx: RuleContext, output: TensorNode, rank: number): string[] {
  const nodes: TensorNode[] = [];
  for (let n: TensorNode | undefined = output, guard = 0; n && guard < 500; n = n.inputs[0], guard++) nodes.unshift(n);
  const sizes: string[] = [];
  for (const node of nodes) {
    const shape = ctx.shapes.outputShape(node);
    if (!shape || shape.length !== rank) continue;
    const size = spatial(shape);
    if (sizes[sizes.length - 1] !== size) sizes.push(size);
  }
  return sizes;
}

/**
 * An image-to-image model (autoencoder, segmentation) whose output's height and
 * width differ from its targets': pooling an odd size drops a row, a `valid`
 * convolution drops a border, so after upsampling the output is 24×24 (or 12×12)
 * where the targets are 28×28. Keras fails computing the loss on the first batch.
 */
export const outputShapeTargetMismatch: Rule = {
  meta: {
    id: 'output-shape-target-mismatch',
    severity: 'error',
    summary: 'an image output (autoencoder, segmentation) whose height and width differ from the targets given to fit',
    fixable: false,
  },
  check(ctx) {
    const { model } = ctx;
    if (model.outputs.length !== 1 || model.kind === 'subclassed' || !model.complete) return;
    const output = model.outputs[0];
    if (output.conditional || output.layer.conditional) return;
    const shape = ctx.shapes.outputShape(output);
    if (!shape || shape.length < 4) return;
    for (const fit of model.fits) if (!fit.conditional) checkFit(ctx, fit, output, shape);
  },
};

function checkFit(ctx: RuleContext, fit: FitInfo, output: TensorNode, shape: Shape): void {
  const y = fit.pixels?.y;
  const full = y?.shape;
  const yArg = fit.call.args.get('y');
  if (!y || !full || !yArg) return;
  // Keras's losses add or drop a trailing axis of 1 ((n, 28, 28) targets for a (None, 28, 28, 1) output).
  const target = full.length === shape.length - 1 ? [...full, 1] : full;
  if (target.length !== shape.length) return;
  const outSpatial = shape.slice(1, -1);
  const targetSpatial = target.slice(1, -1);
  const differ = outSpatial.some((d, i) => d !== null && targetSpatial[i] !== null && d !== targetSpatial[i]);
  if (!differ) return;
  const path = spatialPath(ctx, output, shape.length);
  const yName = y.written && y.written.length <= 40 ? y.written : 'the targets';
  ctx.report({
    message:
      `The model outputs ${text(shape)}, ${spatial(shape)} per channel, but its targets are ${spatial(target)}: ` +
      `${yName} (${y.description}) has shape ${text(full)}. Keras fails computing the loss on the first batch. ` +
      (path.length > 2 ? `Along the model the size goes ${path.join(' → ')}. ` : '') +
      "Keep the size recoverable: padding='same' on the convolutions, and pool only sizes that divide evenly (or crop/pad the output to the targets' size).",
    span: output.span,
    related: [{ span: yArg.span, message: `targets of shape ${text(full)}` }],
  });
}
