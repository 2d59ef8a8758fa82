import { optimizerDefaultLearningRate } from '../keras/catalog';
import { fix, fixes, replaceValue } from './edits';
import type { Rule } from './rule';

/** Adaptive optimizers step roughly by the learning rate per weight; plain SGD scales the gradient. */
const LIMITS: Record<string, number> = {
  adam: 0.1,
  adamw: 0.1,
  adamax: 0.1,
  nadam: 0.1,
  rmsprop: 0.1,
  adagrad: 0.1,
  lion: 0.1,
  adafactor: 0.1,
  sgd: 1,
};

export const learningRateTooHigh: Rule = {
  meta: {
    id: 'learning-rate-too-high',
    severity: 'warning',
    summary: 'learning rate far above what the optimizer tolerates (Adam/RMSprop > 0.1, SGD > 1)',
    fixable: true,
  },
  check(ctx) {
    const compile = ctx.model.compile;
    const opt = compile && !compile.conditional ? compile.optimizer : null;
    if (!opt?.id || opt.learningRate === null || !opt.learningRateArg) return;
    const limit = LIMITS[opt.id];
    if (limit === undefined || opt.learningRate <= limit) return;
    const fallback = ctx.dialect.defaultLearningRate
      ? ctx.dialect.defaultLearningRate(opt.id)
      : optimizerDefaultLearningRate(opt.id);
    const defaultText = fallback === null ? null : String(Number(fallback.toPrecision(3)));
    ctx.report({
      message:
        `learning rate ${opt.learningRate} is far too high for ${opt.id}: above ${limit} training usually diverges to NaN or bounces without learning.` +
        (defaultText ? ` The default is ${defaultText}.` : ''),
      span: opt.learningRateArg.span,
      fixes: fixes(
        defaultText
          ? fix(`Use the default learning rate ${defaultText}`, true, [
              replaceValue(opt.learningRateArg, defaultText, { atDefinition: true }),
            ])
          : null,
      ),
    });
  },
};
