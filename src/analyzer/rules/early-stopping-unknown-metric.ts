import { closestNames, fix, fixes, onlyCloseName, replaceValue } from './edits';
import type { Rule } from './rule';

/**
 * Callbacks that monitor a name the model never logs: Keras 3 raises after the
 * first epoch when it cannot tell whether to maximise the name (mode='auto');
 * otherwise it warns each epoch, EarlyStopping never stops and
 * ModelCheckpoint(save_best_only=True) saves every epoch.
 */
export const earlyStoppingUnknownMetric: Rule = {
  meta: {
    id: 'early-stopping-unknown-metric',
    severity: 'warning',
    summary: 'callback monitors a metric name the model never logs',
    fixable: true,
  },
  check(ctx) {
    const { model, dialect } = ctx;
    const compile = model.compile;
    // Multi-output models prefix metric names per output; unresolved metrics could log anything.
    if (!compile || compile.conditional || !compile.metrics || model.outputs.length > 1) return;
    const base = ['loss'];
    for (const m of compile.metrics) {
      if (!m.loggedName) return;
      base.push(m.loggedName);
    }
    for (const fit of model.fits) {
      if (!fit.callbacks || fit.conditional) continue;
      for (const cb of fit.callbacks) {
        if (!cb.monitor) continue;
        const wantsValidation = cb.monitor.startsWith('val_');
        if (wantsValidation && fit.hasValidation === null) continue;
        const logged = fit.hasValidation ? [...base, ...base.map((n) => `val_${n}`)] : base;
        if (logged.includes(cb.monitor)) continue;
        const noValidation = wantsValidation && fit.hasValidation === false && base.includes(cb.monitor.slice(4));
        const candidates = closestNames(cb.monitor, logged, 1);
        // The metric it means may be logged under another name (TensorFlow.js logs 'accuracy' as 'acc').
        const bare = wantsValidation ? cb.monitor.slice(4) : cb.monitor;
        const same = compile.metrics.find((m) => m.loggedName !== bare && (m.id === bare || m.written === bare));
        const renamed = same ? `${wantsValidation ? 'val_' : ''}${same.loggedName}` : null;
        const suggestion =
          (renamed && logged.includes(renamed) ? renamed : null) ??
          candidates[0] ??
          (noValidation ? cb.monitor.slice(4) : null);
        // Safe: the same metric under the name it is logged as, or the only logged name close to a typo.
        // Not the val_ name dropped for want of validation data: that monitors another quantity.
        const dropsValidation = wantsValidation && suggestion !== null && !suggestion.startsWith('val_');
        const safe =
          suggestion !== null &&
          !dropsValidation &&
          (suggestion === renamed || suggestion === onlyCloseName(cb.monitor, logged));
        const edit =
          cb.monitorArg && suggestion
            ? replaceValue(cb.monitorArg, dialect.string(suggestion, cb.monitorArg.span), { atDefinition: true })
            : null;
        const what = cb.monitorArg ? `'${cb.monitor}'` : `'${cb.monitor}' (the default)`;
        const reason = noValidation
          ? `fit() has no validation data (${dialect.argName('validation_data')} or ${dialect.argName('validation_split')}), so no val_ metrics are logged`
          : `the model logs ${logged.map((n) => `'${n}'`).join(', ')}`;
        // Keras 3 decides "maximise or minimise" from the monitored name without its val_ prefix:
        // 'loss' or a compiled metric. For any other name with mode='auto' it raises after epoch 1.
        const mode = cb.call.args.get('mode')?.value;
        const autoMode = !mode || (mode.kind === 'string' && mode.value === 'auto');
        const raises = autoMode && !base.includes(wantsValidation ? cb.monitor.slice(4) : cb.monitor);
        // Without save_best_only a checkpoint only reads the monitor to pick its direction.
        const saveBest = cb.call.args.get('save_best_only')?.value;
        if (cb.type === 'ModelCheckpoint' && !raises && !(saveBest?.kind === 'bool' && saveBest.value)) continue;
        const consequence = raises
          ? "With mode='auto' Keras 3 stops with a ValueError after the first epoch; tf.keras 2 and TensorFlow.js only warn and the callback never acts"
          : `Keras only warns each epoch and the callback never acts${cb.type === 'EarlyStopping' ? ' (training never stops early)' : cb.type === 'ModelCheckpoint' ? ' (it saves every epoch, not the best one)' : ''}`;
        ctx.report({
          message: `${cb.type} monitors ${what}, which is never logged: ${reason}. ${consequence}.`,
          span: cb.monitorArg?.span ?? cb.call.span,
          related: [{ span: fit.call.span, message: 'fit() that runs this callback' }],
          fixes: fixes(suggestion ? fix(`Monitor '${suggestion}'`, true, [edit], safe ? 'safe' : 'unsafe') : null),
        });
      }
    }
  },
};
