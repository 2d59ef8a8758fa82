/**
 * Models built from a keras.applications backbone's inside, as feature
 * extractors are (U-Net, DeepLab, FCN, FPN):
 *
 *   base = keras.applications.ResNet50(include_top=False, input_tensor=inputs)
 *   x = base.get_layer("conv4_block6_2_relu").output
 *   keras.Model(base.input, [base.get_layer(n).output for n in names])
 *
 * `base.input` is the tensor the backbone starts from (its `input_tensor`'s
 * model input, or an input of the shape it is built for), `base.output` the
 * backbone applied to it, and each inner layer one node applied to the same
 * start, whose shape keras/backbone-layers.ts gives (shapes/backbone.ts).
 */
import type { ArgInfo, LayerNode, Span, TensorNode, Value } from '../ir';
import { BACKBONE_LAYER, UNKNOWN } from '../ir';
import { isBackbone } from '../keras/applications';
import { backboneLayerIndex, backboneLayerList } from '../keras/backbone-layers';
import { backboneArgs, backboneBuiltInput } from '../shapes/backbone';
import type { ModelConstruction } from './models';

const tensor = (node: TensorNode): Value => ({ kind: 'tensor', node });

export class BackboneInternals {
  /** Each backbone's start tensor (null: unknown), made once. */
  private readonly starts = new Map<LayerNode, TensorNode | null>();
  /** Each backbone's inner layers by index, made once (Keras gives the same layer each time). */
  private readonly inner = new Map<LayerNode, Map<number, LayerNode>>();
  /** Each inner layer's output and the backbone's own output on its start. */
  private readonly outputs = new Map<LayerNode, TensorNode>();

  constructor(private readonly build: ModelConstruction) {}

  /** `base.input`, `base.output`, `base.layers`… of a backbone, `.output`/`.input` of a layer inside one; null for anything else. */
  attribute(layer: LayerNode, name: string, at: Span): Value | null {
    const ref = layer.backboneLayer;
    if (ref) {
      if (name === 'output') return this.innerOutput(ref.backbone, ref.index, at);
      if (name === 'input') return this.innerInput(ref.backbone, ref.index, at);
      return null;
    }
    if (!isBackbone(layer.type)) return null;
    switch (name) {
      case 'input':
      case 'inputs': {
        const source = this.source(layer, at);
        if (!source) return UNKNOWN;
        // Built on an input_tensor, the model's inputs are get_source_inputs' list, so `.input` is a list too.
        const listed = name === 'inputs' || this.givenTensor(layer) !== undefined;
        return listed ? { kind: 'sequence', items: [tensor(source)], tuple: false } : tensor(source);
      }
      case 'output':
      case 'outputs': {
        const out = this.output(layer, at);
        if (!out) return null;
        return name === 'output' ? tensor(out) : { kind: 'sequence', items: [tensor(out)], tuple: false };
      }
      case 'layers': {
        const list = backboneLayerList(layer.type, backboneArgs(layer));
        if (!list) return UNKNOWN;
        return {
          kind: 'sequence',
          items: list.layers.map((l): Value => ({ kind: 'layer', layer: this.innerLayer(layer, l.index, at) })),
          tuple: false,
          ...(list.complete ? {} : { inexact: true }),
        };
      }
      default:
        return null;
    }
  }

  /** `base.get_layer("conv4_block6_2_relu")` / `get_layer(index=3)`: the layer, or unknown when the table lacks it. */
  getLayer(layer: LayerNode, name: Value | undefined, index: Value | undefined, at: Span): Value {
    const args = backboneArgs(layer);
    let found: number | null = null;
    if (name?.kind === 'string') found = backboneLayerIndex(layer.type, args, name.value);
    else if ((!name || name.kind === 'none') && index?.kind === 'number' && Number.isInteger(index.value)) {
      const count = backboneLayerList(layer.type, args)?.layers.length ?? 0;
      if (index.value >= 0 && index.value < count) found = index.value;
    }
    return found === null ? UNKNOWN : { kind: 'layer', layer: this.innerLayer(layer, found, at) };
  }

  private innerLayer(backbone: LayerNode, index: number, at: Span): LayerNode {
    let byIndex = this.inner.get(backbone);
    if (!byIndex) {
      byIndex = new Map();
      this.inner.set(backbone, byIndex);
    }
    let layer = byIndex.get(index);
    if (!layer) {
      const ref = backboneLayerList(backbone.type, backboneArgs(backbone))?.layers[index];
      const args = new Map<string, ArgInfo>();
      if (ref?.name)
        args.set('name', {
          value: { kind: 'string', value: ref.name },
          span: at,
          removal: at,
          literal: false,
          fromSplat: true,
        });
      layer = this.build.builder.newLayer(
        BACKBONE_LAYER,
        true,
        this.build.fabricatedSite(at, args),
        backbone.conditional,
      );
      layer.backboneLayer = { backbone, index, className: ref?.className ?? 'Layer' };
      byIndex.set(index, layer);
    }
    return layer;
  }

  /**
   * The tensor the backbone's layers start from: its `input_tensor` when
   * given one, else a model input of the shape it is built for.
   */
  private start(backbone: LayerNode, at: Span): TensorNode | null {
    if (this.starts.has(backbone)) return this.starts.get(backbone)!;
    const given = this.givenTensor(backbone);
    let start: TensorNode | null = null;
    if (given) start = given.kind === 'tensor' ? given.node : null;
    else {
      const built = backboneBuiltInput(backbone);
      if (built) {
        const dim = (d: number | null): Value =>
          d === null ? { kind: 'none' } : { kind: 'number', value: d, isInt: true };
        const shape: Value = { kind: 'sequence', items: built.slice(1).map(dim), tuple: true };
        const args = new Map<string, ArgInfo>([
          ['shape', { value: shape, span: at, removal: at, literal: false, fromSplat: true }],
        ]);
        const input = this.build.input(this.build.fabricatedSite(at, args), at);
        start = input.kind === 'tensor' ? input.node : null;
      }
    }
    this.starts.set(backbone, start);
    return start;
  }

  /** The `input_tensor=` written (undefined when not given or None). */
  private givenTensor(backbone: LayerNode): Value | undefined {
    const given = backbone.call.args.get('input_tensor')?.value;
    return given && given.kind !== 'none' ? given : undefined;
  }

  /** `base.input`: Keras's model input is the model input `input_tensor` was computed from (get_source_inputs). */
  private source(backbone: LayerNode, at: Span): TensorNode | null {
    const start = this.start(backbone, at);
    if (!start) return null;
    const sources = new Set<TensorNode>();
    const seen = new Set<TensorNode>();
    const stack = [start];
    while (stack.length) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      if (node.inputs.length === 0) sources.add(node);
      else stack.push(...node.inputs);
    }
    return sources.size === 1 ? [...sources][0] : null;
  }

  /** `base.output`: the backbone applied to its start. */
  private output(backbone: LayerNode, at: Span): TensorNode | null {
    const start = this.start(backbone, at);
    if (!start) return null;
    let out = this.outputs.get(backbone);
    if (!out) {
      out = this.build.builder.apply(backbone, [start], at, backbone.conditional);
      this.outputs.set(backbone, out);
    }
    return out;
  }

  private innerOutput(backbone: LayerNode, index: number, at: Span): Value {
    const start = this.start(backbone, at);
    if (!start) return UNKNOWN;
    // The input layer's output is the start itself.
    if (index === 0) return tensor(start);
    const layer = this.innerLayer(backbone, index, at);
    let out = this.outputs.get(layer);
    if (!out) {
      out = this.build.builder.apply(layer, [start], at, backbone.conditional);
      this.outputs.set(layer, out);
    }
    return tensor(out);
  }

  /** `get_layer(name).input`: the output of the layer it takes, a list for several; unknown where the table has none. */
  private innerInput(backbone: LayerNode, index: number, at: Span): Value {
    const ref = backboneLayerList(backbone.type, backboneArgs(backbone))?.layers[index];
    if (!ref || ref.inputs.length === 0) return index === 0 ? this.innerOutput(backbone, 0, at) : UNKNOWN;
    const items = ref.inputs.map((i) => this.innerOutput(backbone, i, at));
    return items.length === 1 ? items[0] : { kind: 'sequence', items, tuple: false };
  }
}
