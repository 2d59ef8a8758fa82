import { modelLayers } from '../ir';
import type { Rule } from './rule';
import { reportUnknownName } from './unknown-name';

export const unknownActivation: Rule = {
  meta: {
    id: 'unknown-activation',
    severity: 'error',
    summary: 'activation name the framework does not know',
    fixable: true,
  },
  check(ctx) {
    for (const layer of modelLayers(ctx.model)) {
      for (const l of layer.inner ? [layer, layer.inner] : [layer]) {
        for (const key of ['activation', 'recurrent_activation']) {
          const arg = l.call.args.get(key);
          if (arg?.value.kind !== 'string') continue;
          reportUnknownName(
            ctx,
            'activation',
            arg.value.value,
            arg,
            ctx.dialect.names.activation,
            'the layer cannot be created',
          );
        }
      }
    }
  },
};
