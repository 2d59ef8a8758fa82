import type { Edit } from '../findings';
import type { ArgInfo } from '../ir';
import { layerNames } from '../shapes/naming';
import type { Rule } from './rule';
import { dependsOnCondition, formatShape, inputDeclarationFor, layerLabel } from './shape-facts';

/**
 * A layer fed a tensor of the wrong rank, typically Conv2D on
 * `input_shape=(28, 28)`: grayscale images need their channel axis spelled out.
 */
export const inputRankMismatch: Rule = {
  meta: {
    id: 'input-rank-mismatch',
    severity: 'error',
    summary: 'a layer receives a tensor of the wrong rank, e.g. Conv2D on input_shape=(28, 28)',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect, shapes } = ctx;
    let names: ReturnType<typeof layerNames> | undefined;
    for (const node of model.nodes) {
      const problem = shapes.problem(node);
      if (problem?.kind !== 'rank' || dependsOnCondition(node)) continue;
      const label = layerLabel(model, node.layer, (names ??= layerNames(model)));
      const expected = `${problem.expected}${problem.atLeast ? ' or more' : ''} axes${problem.axes ? ` ${problem.axes}` : ''}`;
      const got = `${formatShape(problem.input)} (${problem.input.length} axes)`;
      const kerasSays = 'Keras fails when the model is built ("is incompatible with the layer")';
      const declaration = problem.channelAxis ? inputDeclarationFor(shapes, node) : null;
      const edit =
        declaration && problem.channelAxis ? addAxis(declaration.arg, declaration.name, problem.channelAxis) : null;
      if (problem.channelAxis) {
        // A model with no input shape of its own was built on the data it was first given (ModelIR.builtInputShape).
        const axis = problem.channelAxis === 'last' ? -1 : 1;
        const where = declaration
          ? ` to ${dialect.argName(declaration.name)}`
          : model.builtInputShape
            ? ` to the data the model is first given (\`np.expand_dims(x, ${axis})\`), or declare the input shape with it`
            : ' to the input shape';
        ctx.report({
          message: `${label} expects ${expected} but receives ${got}: the channel axis is missing. ${kerasSays}. Add the channel axis${where} (1 for grayscale images or a single feature).`,
          span: node.layer.call.span,
          related: declaration ? [{ span: declaration.arg.span, message: 'the input shape is declared here' }] : [],
          fixes: edit
            ? [
                {
                  title: `Add a channel axis to ${dialect.argName(declaration!.name)}`,
                  isPreferred: true,
                  applicability: 'unsafe',
                  edits: [edit],
                },
              ]
            : [],
        });
      } else {
        ctx.report({
          message: `${label} expects ${expected} but receives ${got}. ${kerasSays}.`,
          span: node.layer.call.span,
        });
      }
    }
  },
};

/** `(28, 28)` → `(28, 28, 1)` (channels last) or `(1, 28, 28)` (channels first), when the shape is written out as a literal. */
function addAxis(arg: ArgInfo, name: string, where: 'first' | 'last'): Edit | null {
  const v = arg.value;
  // Only a tuple written right here: editing a shared constant could change other code that uses it.
  if (
    !arg.literal ||
    arg.fromSplat ||
    v.kind !== 'sequence' ||
    !v.elements ||
    v.elements.length !== v.items.length ||
    v.elements.length === 0
  )
    return null;
  const elements = v.elements;
  if (where === 'last')
    return {
      span: { start: elements[elements.length - 1].span.end, end: elements[elements.length - 1].span.end },
      newText: ', 1',
    };
  // The batch axis stays first in batch_shape / batch_input_shape.
  const first = name.startsWith('batch') ? elements[1] : elements[0];
  return first ? { span: { start: first.span.start, end: first.span.start }, newText: '1, ' } : null;
}
