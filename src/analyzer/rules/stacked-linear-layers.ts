import type { TensorNode } from '../ir';
import { fix, fixes, setActivation } from './edits';
import { layerActivation } from './facts';
import type { Rule } from './rule';

/** Two linear maps compose into one: W2(W1 x + b1) + b2 = W x + b. */
export const stackedLinearLayers: Rule = {
  meta: {
    id: 'stacked-linear-layers',
    severity: 'info',
    summary: 'Dense without activation feeding another Dense: the two collapse into one linear map',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const consumers = new Map<TensorNode, TensorNode[]>();
    for (const node of model.nodes) {
      for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), node]);
    }
    for (const node of model.nodes) {
      if (node.layer.type !== 'Dense' || node.conditional) continue;
      const activation = layerActivation(node.layer);
      if (activation?.id !== 'linear') continue;
      const next = consumers.get(node) ?? [];
      if (next.length === 0 || !next.every((n) => n.layer.type === 'Dense' && n.inputs.length === 1 && !n.conditional))
        continue;
      // Words for the title and message (`activation='relu'` in Python, `activation: 'relu'` in a JS config); the edit follows the file's quotes.
      const relu = dialect.keywordArg(dialect.argName('activation'), "'relu'");
      ctx.report({
        message:
          'Dense without an activation feeds another Dense: two linear layers compose into a single linear map, so this layer adds ' +
          `parameters but no expressive power. Add a non-linearity such as ${relu}.`,
        span: node.layer.call.calleeSpan,
        fixes: fixes(fix(`Add ${relu}`, true, [setActivation(dialect, activation, 'relu')])),
      });
    }
  },
};
