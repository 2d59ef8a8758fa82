/**
 * `lookup.vocabulary_size()` and `lookup.get_vocabulary()` of a StringLookup
 * or IntegerLookup whose vocabulary the code writes out (`StringLookup(
 * vocabulary=list("abc"), oov_token="")`): Keras 3.15.1 lists the mask token
 * (when not None), then `num_oov_indices` OOV tokens, then the vocabulary, so
 * `Dense(lookup.vocabulary_size())` has a size a reader can work out. Unknown
 * when the vocabulary is learnt (`adapt`), set later, read from a file, or
 * anything it depends on is unknown.
 */
import type { LayerNode, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { LayerArgs } from '../shapes/args';
import { num, seq } from './values';

const LOOKUPS = new Set(['StringLookup', 'IntegerLookup']);

/** Methods that replace a lookup's vocabulary after it is built. */
export const VOCABULARY_CHANGES = new Set(['adapt', 'set_vocabulary', 'load_assets']);

/**
 * The method's result, or null when `name` is not one of these methods of a
 * lookup layer. `changed`: the program may have replaced the vocabulary.
 */
export function lookupVocabularyMethod(
  layer: LayerNode,
  name: string,
  includeSpecialTokens: Value | undefined,
  changed: boolean,
): Value | null {
  if (!LOOKUPS.has(layer.type) || (name !== 'vocabulary_size' && name !== 'get_vocabulary')) return null;
  const tokens = changed || layer.call.opaqueSplat ? null : vocabulary(layer);
  if (!tokens) return UNKNOWN;
  if (name === 'vocabulary_size') return num(tokens.special.length + tokens.vocabulary.length);
  const special =
    includeSpecialTokens === undefined || (includeSpecialTokens.kind === 'bool' && includeSpecialTokens.value);
  if (!special && includeSpecialTokens?.kind !== 'bool') return UNKNOWN;
  return seq(special ? [...tokens.special, ...tokens.vocabulary] : tokens.vocabulary, false);
}

function vocabulary(layer: LayerNode): { special: Value[]; vocabulary: Value[] } | null {
  const args = new LayerArgs(layer, layer.type, 'python');
  const written = args.value('vocabulary');
  const oovCount = args.integer('num_oov_indices');
  const mask = args.value('mask_token');
  const oov = args.value('oov_token');
  if (written.kind !== 'sequence' || written.inexact || oovCount === null || oovCount < 0) return null;
  const isToken = (v: Value) => v.kind === 'string' || (v.kind === 'number' && v.isInt) || v.kind === 'none';
  if (![...written.items, mask, oov].every(isToken)) return null;
  // Keras refuses repeated entries, and the mask or OOV token inside the vocabulary.
  const keys = written.items.map(tokenKey);
  const reserved = [mask, oov].filter((v) => v.kind !== 'none').map(tokenKey);
  if (new Set(keys).size !== keys.length || keys.some((k) => reserved.includes(k))) return null;
  const special = [...(mask.kind === 'none' ? [] : [mask]), ...Array.from({ length: oovCount }, () => oov)];
  return { special, vocabulary: written.items };
}

function tokenKey(v: Value): string {
  return v.kind === 'string' ? `s${v.value}` : v.kind === 'number' ? `n${v.value}` : 'none';
}
