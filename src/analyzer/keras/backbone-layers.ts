/**
 * The layers inside a keras.applications backbone, for models built from them
 * (`base.get_layer("conv4_block6_2_relu").output`, `base.layers[-3].output`,
 * `[base.get_layer(n).output for n in names]`): each layer's class, inputs and
 * what fixes its output shape for any input size, from backbone-layers.json
 * (tools/extract-keras-backbone-layers.py measured it on Keras and checked it
 * at held-out sizes of both parities).
 *
 * Only the default variant is described (alpha=1, minimalistic=False,
 * include_preprocessing=True), with 3 input channels, channels_last; NASNet
 * (its branches depend on the size) is not. Anything else, a layer the table
 * left out, or a head layer away from the default size and 1000 classes keeps
 * its shape unknown.
 */
import type { Shape } from '../rules/rule';
import { type BackboneArgs, backboneSignature, type SpatialStep, spatialSize } from './applications';

/**
 * [name ("" where Keras makes it up from a counter), class, input layers (indices), chain (-1: none; null: not
 * spatial), channels | fixed shape | null (unknown)].
 */
type Row = [string, string, number[], number | null, number | (number | null)[] | null];

interface Layers {
  steps: SpatialStep[];
  /** [parent chain (-1: none), step]: a chain is its parent's steps, then this step. */
  chains: [number, number][];
  layers: Row[];
  /** What include_top=True ('top') and pooling='avg'/'max' add after the layers; `size`: where 'top' holds. */
  head: Partial<Record<'top' | 'avg' | 'max', { size: number | null; layers: Row[] }>>;
}

let loaded: Record<string, Layers> | null = null;

/**
 * The table, read the first time a backbone's inside is asked for: it is
 * several hundred KB that most files never need (the bundler evaluates a
 * `require`d JSON module when it is first required).
 */
function table(className: string): Layers | undefined {
  loaded ??= (require('./backbone-layers.json') as { backbones: Record<string, Layers> }).backbones;
  return Object.hasOwn(loaded, className) ? loaded[className] : undefined;
}

/** One layer of a backbone as `model.layers` lists it. */
export interface BackboneLayerRef {
  index: number;
  name: string;
  className: string;
  /** The layers whose outputs it takes (indices into the same list); empty for the input. */
  inputs: number[];
}

/** The arguments the table describes: the default variant. False for others, undefined when unknown. */
function describedVariant(className: string, args: BackboneArgs): boolean | undefined {
  const defaults = backboneSignature(className)?.defaults ?? {};
  let known = true;
  for (const [name, value] of Object.entries(args.variant)) {
    if (value === undefined) known = false;
    else if (value !== defaults[name]) return false;
  }
  return known ? true : undefined;
}

type Head = 'top' | 'avg' | 'max' | null;

function headOf(args: BackboneArgs): Head | undefined {
  if (args.includeTop === undefined) return undefined;
  if (args.includeTop) return 'top';
  return args.pooling === undefined ? undefined : args.pooling;
}

/**
 * Every layer of the backbone built with `args`, in `model.layers` order (the
 * input first), or null when that list is unknown. `complete` false: only the
 * layers before the head are known (the head is not, so neither is the length).
 */
export function backboneLayerList(
  className: string,
  args: BackboneArgs,
): { layers: BackboneLayerRef[]; complete: boolean } | null {
  const layers = table(className);
  if (!layers || describedVariant(className, args) !== true) return null;
  const head = headOf(args);
  const extra = head ? layers.head[head]?.layers : head === null ? [] : undefined;
  const rows = [...layers.layers, ...(extra ?? [])];
  return {
    layers: rows.map(([name, cls, inputs], index) => ({ index, name, className: cls, inputs })),
    complete: extra !== undefined,
  };
}

/** The index of the layer called `name` (`get_layer(name)`), or null when the table does not list it. */
export function backboneLayerIndex(className: string, args: BackboneArgs, name: string): number | null {
  // Names Keras makes up from a counter (`re_lu_7`) are not in the table (""): they depend on the session.
  const list = name ? backboneLayerList(className, args) : null;
  const found = list?.layers.find((l) => l.name === name);
  return found ? found.index : null;
}

function chainSteps(layers: Layers, chain: number): SpatialStep[] {
  const steps: SpatialStep[] = [];
  for (let at = chain; at >= 0; at = layers.chains[at][0]) steps.push(layers.steps[layers.chains[at][1]]);
  return steps.reverse();
}

/**
 * The output shape of layer `index` of the backbone built with `args` for
 * `built` (rows, cols; null: any size) and started from a tensor of shape
 * `start` (batch first). Null where unknown.
 */
export function backboneLayerShape(
  className: string,
  args: BackboneArgs,
  index: number,
  start: Shape | null,
  built: (number | null)[],
): Shape | null {
  const described = table(className);
  const list = backboneLayerList(className, args);
  if (!described || !list || index < 0 || index >= list.layers.length) return null;
  if (start?.length !== 4 || start[3] !== 3 || built.length !== 2) return null;
  const batch = start[0];
  if (index >= described.layers.length) {
    const head = headOf(args)!;
    const entry = described.head[head]!;
    const [, , , , fixed] = entry.layers[index - described.layers.length];
    if (!Array.isArray(fixed) || fixed.some((d) => d === null)) return null;
    // The classifier's shapes hold where they were measured: the default size and 1000 classes.
    if (head === 'top' && (built.some((d) => d !== entry.size) || args.classes !== 1000)) return null;
    return [batch, ...fixed];
  }
  const [, , , chain, last] = described.layers[index];
  if (last === null) return null;
  if (chain === null) return Array.isArray(last) ? [batch, ...last] : null;
  if (typeof last !== 'number') return null;
  const [rows, cols] = spatialSize(chainSteps(described, chain), [start[1], start[2]], built);
  return [batch, rows, cols, last];
}
