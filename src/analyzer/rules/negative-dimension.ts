import { layerSignature } from '../keras/catalog';
import { canonicalType } from '../shapes';
import { layerNames } from '../shapes/naming';
import { fix, fixes, setArgument } from './edits';
import type { Rule } from './rule';
import { dependsOnCondition, formatShape, layerLabel } from './shape-facts';

/**
 * A kernel, pool or crop larger than what reaches it leaves an output
 * dimension of zero or less. Keras only finds out when the model is built.
 */
export const negativeDimension: Rule = {
  meta: {
    id: 'negative-dimension',
    severity: 'error',
    summary: 'a kernel, pool or crop larger than its input: an output dimension would be zero or negative',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect, shapes } = ctx;
    let names: ReturnType<typeof layerNames> | undefined;
    for (const node of model.nodes) {
      const problem = shapes.problem(node);
      if (problem?.kind !== 'negative-dimension' || dependsOnCondition(node)) continue;
      const layer = node.layer;
      const smallest = Math.min(...problem.output.filter((d): d is number => d !== null));
      const padding = layer.call.args.get('padding');
      const hasPadding =
        layerSignature(canonicalType(layer.type))?.params.includes('padding') &&
        !canonicalType(layer.type).startsWith('ZeroPadding');
      const isValid = !padding || (padding.value.kind === 'string' && padding.value.value.toLowerCase() === 'valid');
      // Titles and messages quote like the other rules' titles; the edit follows the file's quotes.
      const samePadding = dialect.keywordArg(dialect.argName('padding'), "'same'");
      const advice = hasPadding
        ? `Use ${samePadding}, a smaller window, or less downsampling before it.`
        : 'Crop less, or make the input larger.';
      ctx.report({
        message:
          `${layerLabel(model, layer, (names ??= layerNames(model)))} receives ${formatShape(problem.input)} and would output ${formatShape(problem.output)}: ${problem.cause}, ` +
          `so a dimension would be ${smallest}. Keras fails when the model is built ("Computed output size would be zero or negative"). ${advice}`,
        span: layer.call.span,
        fixes:
          hasPadding && isValid
            ? fixes(
                fix(`Use ${samePadding}`, false, [
                  setArgument(layer.call, dialect, 'padding', dialect.string('same', padding?.span)),
                ]),
              )
            : [],
      });
    }
  },
};
