/**
 * A Keras 1/2 layer call's arguments as the Keras it was written for read
 * them (keras/legacy.ts `normalizeLegacyArgs`), before they are bound to
 * parameter names: `Convolution2D(32, 3, 3)`'s kernel sizes become one
 * `kernel_size`, `subsample=` becomes `strides=`. A made argument (a kernel
 * size joined from several) has no text of its own, so fixes never edit it.
 */
import { normalizeLegacyArgs } from '../keras/legacy';
import type { EvaluatedArg, EvaluatedArgs } from './call-site';

export function legacyLayerArgs(className: string, args: EvaluatedArgs): EvaluatedArgs {
  const normalized = normalizeLegacyArgs(
    className,
    { positional: args.positional, keyword: args.keyword },
    {
      valueOf: (a: EvaluatedArg) => a.value,
      make: (value, from) => ({ value, node: from[0].node, full: from[0].full, splat: true }),
    },
  );
  if (normalized.converted.length === 0 && normalized.args.positional.length === args.positional.length) return args;
  return { ...args, positional: normalized.args.positional, keyword: normalized.args.keyword };
}
