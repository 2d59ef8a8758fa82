import type { ModelIR } from '../ir';
import { optimizerDefaultLearningRate } from '../keras/catalog';
import { fix, fixes, replaceValue } from './edits';
import { modelLoss, outputHead, PROBABILITY_LOSSES, REGRESSION_LOSSES } from './facts';
import type { Rule, RuleContext } from './rule';

/**
 * What the loss asks of the output, as far as the learning rate goes: the
 * gradients of a squared error on a sigmoid/softmax output are small (bounded
 * outputs), those of a regression on a linear output grow with the error.
 */
type LossKind = 'categorical' | 'binary' | 'squared-error on probabilities' | 'regression';

/**
 * The lowest learning rate at which at least half of the small realistic models
 * measured with Model Doctor's trainer failed to train (every seed), per optimizer
 * and kind of loss: bench/learning-rates.ts, table in docs/rules/learning-rate-too-high.md.
 * A rate at or above it is reported. Optimizers without their own row use the row of
 * the one whose update they share (AdamW, Nadam: Adam's step of about the rate per weight).
 */
const MEASURED: Record<string, Partial<Record<LossKind, number>>> = {
  sgd: { categorical: 0.3, binary: 3, 'squared-error on probabilities': 30, regression: 1 },
  adam: { categorical: 0.1, binary: 0.1, 'squared-error on probabilities': 0.03, regression: 1 },
  rmsprop: { categorical: 0.03, regression: 0.3 },
  adagrad: { categorical: 1 },
  adamax: { categorical: 0.3 },
};

const SHARES_ROW: Record<string, string> = { adamw: 'adam', nadam: 'adam' };

/** Optimizers not measured here: the limit the rule had before measuring, kept only where nothing better is known. */
const UNMEASURED_LIMIT: Record<string, number> = { lion: 0.1, adafactor: 0.1 };

function lossKind(ctx: RuleContext, model: ModelIR): LossKind | null {
  const loss = modelLoss(model);
  if (!loss?.id) return null;
  if (loss.id === 'binary_crossentropy' || loss.id === 'binary_focal_crossentropy') return 'binary';
  if (PROBABILITY_LOSSES.has(loss.id)) return 'categorical';
  if (!REGRESSION_LOSSES.has(loss.id)) return null;
  const activation = outputHead(ctx)?.activation?.id;
  return activation === 'sigmoid' || activation === 'softmax' ? 'squared-error on probabilities' : 'regression';
}

/** The limit for this optimizer and loss; with an unknown loss, the most lenient measured one (silent when unsure). */
function limitFor(optimizer: string, kind: LossKind | null): { limit: number; measured: boolean } | null {
  const row = MEASURED[SHARES_ROW[optimizer] ?? optimizer];
  if (!row) return optimizer in UNMEASURED_LIMIT ? { limit: UNMEASURED_LIMIT[optimizer], measured: false } : null;
  const limit = kind ? row[kind] : undefined;
  if (limit !== undefined) return { limit, measured: true };
  const values = Object.values(row);
  return values.length ? { limit: Math.max(...values), measured: true } : null;
}

const round = (x: number) => String(Number(x.toPrecision(3)));

export const learningRateTooHigh: Rule = {
  meta: {
    id: 'learning-rate-too-high',
    severity: 'warning',
    summary: 'learning rate at which models like this one failed to train in measurements, per optimizer and loss',
    fixable: true,
  },
  check(ctx) {
    const compile = ctx.model.compile;
    const opt = compile && !compile.conditional ? compile.optimizer : null;
    if (!opt?.id || opt.learningRate === null || !opt.learningRateArg) return;
    const kind = lossKind(ctx, ctx.model);
    const found = limitFor(opt.id, kind);
    if (!found) return;
    // The rate itself is compared, momentum or not: the rates were measured with plain SGD, and recipes
    // such as SGD(0.1, momentum=0.9) with batch normalisation (ResNets) train well at larger steps.
    if (opt.learningRate < found.limit) return;
    const fallback = ctx.dialect.defaultLearningRate
      ? ctx.dialect.defaultLearningRate(opt.id)
      : optimizerDefaultLearningRate(opt.id);
    const defaultText = fallback === null ? null : round(fallback);
    const evidence = found.measured
      ? `at ${found.limit} and above, small models trained with ${opt.id}${kind ? ` and a ${kind} loss` : ''} failed to learn in Model Doctor's measurements (the loss went to NaN or accuracy stayed at chance)`
      : `at ${found.limit} and above training with ${opt.id} usually diverges or bounces without learning (not measured here)`;
    ctx.report({
      message:
        `learning rate ${opt.learningRate} is too high for ${opt.id}: ${evidence}.` +
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
