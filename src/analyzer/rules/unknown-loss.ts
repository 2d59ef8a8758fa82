import { modelLoss } from './facts';
import type { Rule } from './rule';
import { reportUnknownName } from './unknown-name';

export const unknownLoss: Rule = {
  meta: { id: 'unknown-loss', severity: 'error', summary: 'loss name the framework does not know', fixable: true },
  check(ctx) {
    const loss = modelLoss(ctx.model);
    if (loss?.form !== 'string' || loss.written === null) return;
    reportUnknownName(
      ctx,
      'loss',
      loss.written,
      loss.arg,
      ctx.dialect.names.loss,
      'training cannot start (an error is raised before the first epoch)',
    );
  },
};
