import type { ModelIR, Value } from '../ir';
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
 * Measured with Model Doctor's trainer (bench/learning-rates.ts, table in
 * docs/rules/learning-rate-too-high.md): for each optimizer and kind of loss, the
 * lowest rate on the grid (…, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100) at which
 * each small realistic model failed to train in every seed; null when it trained
 * at every rate measured.
 */
// Models, in each list's order: categorical MLP 784-128-10, CNN 2×conv on 28×28; binary MLP 20-64-32-1,
// CNN 2×conv on 64×64×3; squared error on probabilities: MLP 784-30-10 sigmoid; regression MLP 13-64-64-1.
const FIRST_FAILING: Record<string, Partial<Record<LossKind, (number | null)[]>>> = {
  sgd: {
    categorical: [0.3, 1],
    binary: [10, 0.3],
    'squared-error on probabilities': [30],
    regression: [1],
  },
  adam: {
    categorical: [0.1, 0.1],
    binary: [null, 0.1],
    'squared-error on probabilities': [0.03],
    regression: [1],
  },
  rmsprop: { categorical: [0.03, 0.3], regression: [0.3] },
  adagrad: { categorical: [0.3] },
  adamax: { categorical: [1] },
};

/**
 * The rate reported from: where at least half the measured models failed. With SGD
 * and momentum (not measured) only where every model failed: recipes such as
 * SGD(0.3, momentum=0.9) train graph attention networks well.
 */
function limitOf(firstFailing: (number | null)[], strict: boolean): number | null {
  const failing = firstFailing.filter((r): r is number => r !== null).sort((a, b) => a - b);
  if (strict) return failing.length === firstFailing.length ? failing[failing.length - 1] : null;
  const needed = Math.ceil(firstFailing.length / 2);
  return failing.length >= needed ? failing[needed - 1] : null;
}

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
function limitFor(
  optimizer: string,
  kind: LossKind | null,
  strict: boolean,
): { limit: number; measured: boolean } | null {
  const row = FIRST_FAILING[SHARES_ROW[optimizer] ?? optimizer];
  if (!row) return optimizer in UNMEASURED_LIMIT ? { limit: UNMEASURED_LIMIT[optimizer], measured: false } : null;
  const limits = (kind ? [row[kind]] : Object.values(row)).map((rates) => (rates ? limitOf(rates, strict) : null));
  // Any kind with no rate that failed enough models: nothing to say (for an unknown loss, any kind could be it).
  if (!limits.length || limits.some((l) => l === null)) return null;
  return { limit: Math.max(...(limits as number[])), measured: true };
}

/** SGD(momentum=m) with m > 0, or a momentum that cannot be resolved. */
function hasMomentum(value: Value): boolean {
  if (value.kind !== 'object') return false;
  const m = value.call.args.get('momentum')?.value;
  return !!m && !(m.kind === 'number' && m.value === 0);
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
    const found = limitFor(opt.id, kind, opt.id === 'sgd' && hasMomentum(opt.arg.value));
    if (!found) return;
    if (opt.learningRate < found.limit) return;
    const fallback = ctx.dialect.defaultLearningRate
      ? ctx.dialect.defaultLearningRate(opt.id)
      : optimizerDefaultLearningRate(opt.id);
    const defaultText = fallback === null ? null : round(fallback);
    const evidence = found.measured
      ? `at ${found.limit} and above, small models trained with ${opt.id}${kind ? ` and a ${kind} loss` : ''} failed to learn in Model Doctor's measurements (the loss went to NaN, or accuracy or the error stayed at chance level)`
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
