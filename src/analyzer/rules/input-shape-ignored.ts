import type { Edit } from '../findings';
import { layerSignature } from '../keras/catalog';
import { backboneSignature } from '../keras/applications';
import type { Rule } from './rule';

// batch_input_shape is not listed: Keras 3 rejects it on every layer, first or not.
const INPUT_ARGS = ['input_shape', 'input_dim'];

/**
 * Only a model's first layer reads input_shape; anywhere else it is silently
 * ignored, so removing it is a safe fix: the model is the same with or without it.
 */
export const inputShapeIgnored: Rule = {
  meta: {
    id: 'input-shape-ignored',
    severity: 'info',
    summary: 'input_shape / input_dim on a layer that is not the first is ignored',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    for (const node of model.nodes) {
      // A layer applied directly to nothing (Sequential's first layer) is where input_shape counts.
      // A layer added under a condition may not exist (if/else alternatives): it does not make the next one second.
      const fed = node.inputs.some((input) => input.layer.type !== 'Unknown' && !input.conditional);
      if (!fed || node.layer.type === 'InputLayer' || !node.layer.known) continue;
      // A keras.applications backbone's input_shape builds the model (it is one of its own parameters).
      const ownParams = (layerSignature(node.layer.type) ?? backboneSignature(node.layer.type))?.params ?? [];
      for (const name of INPUT_ARGS) {
        // Embedding's input_dim is its vocabulary size, not an input shape.
        if (ownParams.includes(name)) continue;
        const arg = node.layer.call.args.get(name);
        if (!arg) continue;
        const written = dialect.argName(name);
        const removal: Edit | null = arg.fromSplat ? null : { span: arg.removal, newText: '' };
        ctx.report({
          message: `${written} on ${node.layer.type} is ignored: only the first layer of a model reads it, later layers take their input shape from the layer before.`,
          span: arg.span,
          fixes: removal
            ? [{ title: `Remove ${written}`, isPreferred: true, applicability: 'safe', edits: [removal] }]
            : [],
        });
      }
    }
  },
};
