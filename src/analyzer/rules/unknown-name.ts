/** Shared check for string names a framework does not know (losses, activations, optimizers, metrics). */
import type { NameSet } from '../dialect';
import type { Fix } from '../findings';
import type { ArgInfo } from '../ir';
import { closestNames, onlyCloseName, replaceValue } from './edits';
import type { RuleContext } from './rule';

export function reportUnknownName(
  ctx: RuleContext,
  kind: string,
  written: string,
  arg: ArgInfo,
  names: NameSet,
  failure: string,
): void {
  if (names.has(written)) return;
  // A name spelt for another framework (`mse` in TensorFlow.js) has one exact equivalent: offer it first.
  const alias = names.alias?.(written) ?? null;
  const known = [...new Set(names.all())];
  const close = closestNames(written, known);
  const suggestions = alias ? [alias, ...close.filter((n) => n !== alias)].slice(0, 3) : close;
  const fixList: Fix[] = [];
  // A typo in a constant (`ACT = 'rleu'`) is fixed where the constant is written.
  const v = arg.value;
  const written_at = !arg.literal && (v.kind === 'string' || v.kind === 'number') && v.origin ? v.origin : arg.span;
  // Safe only when there is no choice to make: the other framework's exact spelling, or the only close name.
  const certain = alias ?? onlyCloseName(written, known);
  suggestions.forEach((name, i) => {
    const edit = replaceValue(arg, ctx.dialect.string(name, written_at), { atDefinition: true });
    const applicability = name === certain ? 'safe' : 'unsafe';
    if (edit) fixList.push({ title: `Change to '${name}'`, isPreferred: i === 0, applicability, edits: [edit] });
  });
  const hint = suggestions.length ? ` Did you mean '${suggestions[0]}'?` : '';
  ctx.report({
    message: `Unknown ${kind} '${shortened(written)}': ${ctx.dialect.framework} does not know this name and ${failure}.${hint}`,
    span: arg.span,
    fixes: fixList,
  });
}

/** Longest name echoed in a message; a computed string may be far longer. */
const MAX_SHOWN = 60;

function shortened(name: string): string {
  return name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN - 1)}…` : name;
}
