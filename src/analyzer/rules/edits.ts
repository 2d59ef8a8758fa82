/** Edits rules share: set an argument, change the loss, change an activation. */
import type { Dialect } from '../dialect';
import type { Applicability, Edit, Fix } from '../findings';
import type { ArgInfo, CallSite, LossSpec } from '../ir';
import type { ActivationFact } from './facts';

/**
 * Replaces an argument's value, unless it came through `**config` (no text of
 * its own). With `atDefinition`, a value read from a constant (`LR = 3.0` …
 * `Adam(LR)`) is fixed where the constant is written, not at the call.
 */
export function replaceValue(arg: ArgInfo, newText: string, options: { atDefinition?: boolean } = {}): Edit | null {
  const v = arg.value;
  if (options.atDefinition && !arg.literal && (v.kind === 'string' || v.kind === 'number') && v.origin) {
    return { span: v.origin, newText };
  }
  if (arg.fromSplat) return null;
  return { span: arg.span, newText };
}

/** Sets keyword `kerasName` on a call: replaces the value when present, else adds the argument. */
export function setArgument(call: CallSite, dialect: Dialect, kerasName: string, code: string): Edit | null {
  const existing = call.args.get(kerasName);
  if (existing) return replaceValue(existing, code);
  const { offset, prefix, suffix } = call.insert;
  return {
    span: { start: offset, end: offset },
    newText: prefix + dialect.keywordArg(dialect.argName(kerasName), code) + suffix,
  };
}

/**
 * Writes loss `id` where the loss is given, as a string or (to keep taking
 * logits: from_logits=True, tf.losses.softmaxCrossEntropy) as a loss object.
 * `probabilities`: the fix also makes the output a probability (sigmoid), so
 * the logits must not be kept.
 */
export function setLoss(
  dialect: Dialect,
  loss: LossSpec,
  id: string,
  options: { probabilities?: boolean } = {},
): Edit | null {
  if (loss.fromLogits && !options.probabilities) {
    const object = dialect.lossObject(id, true, loss.arg.span);
    return object ? replaceValue(loss.arg, object) : null;
  }
  const name = dialect.lossName(id);
  if (!name) return null;
  return replaceValue(loss.arg, dialect.string(name, loss.form === 'string' ? loss.arg.span : undefined));
}

/** Makes the activation `name`, wherever the current one is set. */
export function setActivation(dialect: Dialect, activation: ActivationFact, name: string): Edit[] | null {
  const { layer } = activation;
  if (layer.type === 'Softmax') {
    // A Softmax() layer becomes an Activation layer with the new function.
    const expr = dialect.layerExpression('Activation', layer, dialect.string(name));
    return expr ? [{ span: layer.call.span, newText: expr.code }, ...expr.extraEdits] : null;
  }
  const like = activation.arg?.value.kind === 'string' ? activation.arg.span : undefined;
  const edit = setArgument(layer.call, dialect, 'activation', dialect.string(name, like));
  return edit ? [edit] : null;
}

/** A fix from edits that may be missing: null when any is. Unsafe unless said otherwise. */
export function fix(
  title: string,
  isPreferred: boolean,
  edits: (Edit | null | Edit[])[],
  applicability: Applicability = 'unsafe',
): Fix | null {
  const flat: Edit[] = [];
  for (const e of edits) {
    if (!e) return null;
    if (Array.isArray(e)) flat.push(...e);
    else flat.push(e);
  }
  return flat.length ? { title, isPreferred, applicability, edits: flat } : null;
}

export function fixes(...candidates: (Fix | null)[]): Fix[] {
  return candidates.filter((f): f is Fix => f !== null);
}

/** Edit distance with adjacent transpositions (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Case, `_`, `-` and spaces do not tell names apart (`binary_crossentropy` = `BinaryCrossentropy`). */
const normName = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');

/** Closest accepted names to a misspelt one, with their distance: case, `_`/`-` and camelCase differences count as nothing. */
function scoredNames(name: string, candidates: readonly string[]): { name: string; distance: number }[] {
  const target = normName(name);
  const maxDistance = Math.max(2, Math.floor(target.length / 3));
  // A name that extends the written one (val_acc → val_accuracy, f1 → f1_score) is as good as a one-letter typo.
  const distance = (c: string) => {
    const n = normName(c);
    // The edit distance is at least the difference in length: skip the quadratic count when that alone is too far.
    const edit = Math.abs(n.length - target.length) > maxDistance ? Infinity : editDistance(target, n);
    if (target.length >= 2 && n.startsWith(target) && n !== target)
      return Math.min(edit, 1 + (n.length - target.length) / 100);
    // …and one the written name extends (val_accuracy → val_acc where acc is what is logged).
    if (n.length >= 3 && target.startsWith(n) && n !== target)
      return Math.min(edit, 1.5 + (target.length - n.length) / 100);
    return edit;
  };
  return candidates
    .map((c) => ({ name: c, d: distance(c) + (c === c.toLowerCase() ? 0 : 0.01) }))
    .filter((x) => x.d <= maxDistance)
    .sort((x, y) => x.d - y.d || x.name.length - y.name.length)
    .map((x) => ({ name: x.name, distance: x.d }));
}

/** Closest accepted names to a misspelt one, best first. */
export function closestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  return scoredNames(name, candidates)
    .slice(0, limit)
    .map((x) => x.name);
}

/**
 * The one name a misspelling can only mean: the closest candidate, when every
 * other candidate that is not the same name spelt differently (`BinaryCrossentropy`
 * for `binary_crossentropy`) is at least one more edit away. Null when two
 * different names are about as close (`adamm`: `adam` or `adamw`), or none is close.
 */
export function onlyCloseName(name: string, candidates: readonly string[]): string | null {
  const scored = scoredNames(name, candidates);
  if (!scored.length) return null;
  const best = scored[0];
  const rival = scored.find((x) => normName(x.name) !== normName(best.name));
  return !rival || rival.distance - best.distance >= 1 ? best.name : null;
}
