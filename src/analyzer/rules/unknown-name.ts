/** Shared check for string names a framework does not know (losses, activations, optimizers, metrics). */
import type { NameSet } from '../dialect';
import type { Fix } from '../findings';
import type { ArgInfo } from '../ir';
import { closestNames, replaceValue } from './edits';
import type { RuleContext } from './rule';

export function reportUnknownName(ctx: RuleContext, kind: string, written: string, arg: ArgInfo, names: NameSet, failure: string): void {
  if (names.has(written)) return;
  // A name spelt for another framework (`mse` in TensorFlow.js) has one exact equivalent: offer it first.
  const alias = names.alias?.(written) ?? null;
  const suggestions = alias ? [alias, ...closestNames(written, names.all()).filter((n) => n !== alias)].slice(0, 3) : closestNames(written, names.all());
  const fixList: Fix[] = [];
  suggestions.forEach((name, i) => {
    const edit = replaceValue(arg, ctx.dialect.string(name, arg.span));
    if (edit) fixList.push({ title: `Change to '${name}'`, isPreferred: i === 0, edits: [edit] });
  });
  const hint = suggestions.length ? ` Did you mean '${suggestions[0]}'?` : '';
  ctx.report({
    message: `Unknown ${kind} '${written}': ${ctx.dialect.framework} does not know this name and ${failure}.${hint}`,
    span: arg.span,
    fixes: fixList,
  });
}
