import { fix, fixes, replaceValue } from './edits';
import { isMultiColumnOneHot, modelLabels, outputHead } from './facts';
import type { Rule } from './rule';

/** The output must have one unit per class the labels carry. */
export const outputUnitsMismatch: Rule = {
  meta: {
    id: 'output-units-mismatch',
    severity: 'error',
    summary: 'output units differ from the number of classes in the labels',
    fixable: true,
  },
  check(ctx) {
    const labels = modelLabels(ctx.model);
    if (!labels || labels.numClasses === null) return;
    const head = outputHead(ctx);
    if (!head || head.units === null) return;
    const k = labels.numClasses;
    const units = head.units;
    let problem: string | null = null;
    if (isMultiColumnOneHot(labels, head) && units !== k) {
      problem = `the labels are one-hot with ${k} columns (${labels.description}) but the model outputs ${units}; fit() fails with a shape mismatch`;
    } else if (labels.encoding === 'integer' && units > 1 && units < k) {
      problem = `the labels are class ids 0..${k - 1} (${labels.description}) but the model has only ${units} outputs, so classes ${units}..${k - 1} can never be predicted (the loss is NaN or fit() fails)`;
    }
    if (!problem) return;
    const span = head.unitsArg?.span ?? head.output.layer.call.span;
    ctx.report({
      message: `Output has ${units} units for ${k} classes: ${problem}. Use ${k} units.`,
      span,
      related: [{ span: labels.origin, message: `labels with ${k} classes come from here` }],
      fixes: head.unitsArg ? fixes(fix(`Use ${k} output units`, true, [replaceValue(head.unitsArg, String(k))])) : [],
    });
  },
};
