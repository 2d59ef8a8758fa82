/**
 * Bounds on the values the interpreters build. A few lines (`s = s + s` twenty
 * times, `l = l * 200` three times) build values of millions of items; past
 * these bounds a value is unknown, as if it were computed at run time, so the
 * analysis stays bounded in time and memory whatever the code computes. No
 * model definition needs values anywhere near them.
 */
import type { Value } from './ir';

/** Longest string the interpreters build (concatenation, joins, paths). */
export const MAX_STRING_LENGTH = 100_000;

/** Most items a built value may hold, counted through nested sequences and dicts. */
export const MAX_VALUE_ITEMS = 100_000;

/**
 * Whether these items, with everything nested in them, exceed
 * {@link MAX_VALUE_ITEMS}. Stops counting as soon as they do, so the cost is
 * bounded too, and a list that contains itself is simply too big.
 */
export function tooManyItems(items: readonly Value[]): boolean {
  let count = 0;
  const pending: (readonly Value[])[] = [items];
  while (pending.length > 0) {
    const list = pending.pop()!;
    count += list.length;
    if (count > MAX_VALUE_ITEMS) return true;
    for (const item of list) {
      if (item.kind === 'sequence') pending.push(item.items);
      else if (item.kind === 'dict') pending.push([...item.entries.values()]);
    }
  }
  return false;
}
