import { fix, fixes, setActivation } from './edits';
import { modelLabels, modelLoss, outputHead, REGRESSION_LOSSES } from './facts';
import type { Rule } from './rule';

/** What each squashing activation can output. */
const RANGES: Record<string, { low: number; high: number; words: string }> = {
  sigmoid: { low: 0, high: 1, words: 'between 0 and 1' },
  hard_sigmoid: { low: 0, high: 1, words: 'between 0 and 1' },
  softmax: { low: 0, high: 1, words: 'between 0 and 1, summing to 1' },
  tanh: { low: -1, high: 1, words: 'between −1 and 1' },
  softsign: { low: -1, high: 1, words: 'between −1 and 1' },
};

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A regression model whose output activation cannot reach the targets: a
 * sigmoid, softmax or tanh output on targets the data's source documents as far
 * outside its range (house prices). Every prediction saturates at the bound and
 * the error stays as large as the targets. (relu is not flagged: it reaches any
 * positive target.)
 */
export const boundedOutputRegression: Rule = {
  meta: {
    id: 'bounded-output-regression',
    severity: 'error',
    summary: 'sigmoid, softmax or tanh output on regression targets outside its range: the model cannot reach them',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const loss = modelLoss(model);
    if (!loss?.id || !REGRESSION_LOSSES.has(loss.id)) return;
    const labels = modelLabels(model);
    if (labels?.encoding !== 'continuous' || !labels.range) return;
    const head = outputHead(ctx);
    const activation = head?.activation;
    const range = activation?.id ? RANGES[activation.id] : undefined;
    if (!activation?.id || !range) return;
    const [low, high] = labels.range;
    if (low >= range.low && high <= range.high) return;
    ctx.report({
      message:
        `The output applies ${activation.id}, so every prediction is ${range.words}, but the targets are ${labels.description}, typically ${count(low)} to ${count(high)}: ` +
        `the model can never predict them; its outputs saturate at the bound and the loss stays about as large as the targets. ` +
        `Use a linear output (no activation) for regression, or scale the targets into ${activation.id}'s range.`,
      span: activation.arg?.span ?? activation.layer.call.span,
      related: [{ span: labels.origin, message: `targets: ${labels.description}` }],
      fixes: fixes(fix('Use a linear output', true, [setActivation(dialect, activation, 'linear')])),
    });
  },
};
