import type { Rule } from './rule';
import { reportUnknownName } from './unknown-name';

export const unknownOptimizer: Rule = {
  meta: {
    id: 'unknown-optimizer',
    severity: 'error',
    summary: 'optimizer name the framework does not know',
    fixable: true,
  },
  check(ctx) {
    const compile = ctx.model.compile;
    const optimizer = compile && !compile.conditional ? compile.optimizer : null;
    if (optimizer?.form !== 'string' || optimizer.written === null) return;
    reportUnknownName(
      ctx,
      'optimizer',
      optimizer.written,
      optimizer.arg,
      ctx.dialect.names.optimizer,
      'compile() raises an error',
    );
  },
};
