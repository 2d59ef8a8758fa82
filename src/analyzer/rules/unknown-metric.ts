import type { Rule } from './rule';
import { reportUnknownName } from './unknown-name';

export const unknownMetric: Rule = {
  meta: { id: 'unknown-metric', severity: 'error', summary: 'metric name the framework does not know', fixable: true },
  check(ctx) {
    const compile = ctx.model.compile;
    if (!compile || compile.conditional || !compile.metrics) return;
    for (const metric of compile.metrics) {
      if (metric.form !== 'string' || metric.written === null) continue;
      reportUnknownName(
        ctx,
        'metric',
        metric.written,
        metric.arg,
        ctx.dialect.names.metric,
        'training cannot start (an error is raised before the first epoch)',
      );
    }
  },
};
