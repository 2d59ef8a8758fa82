/**
 * Builds ModelIR for any front end: layers, Sequential chains, functional
 * graphs. Front ends decide what the user's code means; this decides how that
 * becomes IR, so both languages produce the same shapes of graph.
 */
import type { CallSite, Language, LayerNode, ModelIR, ModelKind, Span, TensorNode, Value } from './ir';
import { indentAt, startsLine } from './text-index';

/** Where a layer sits in the source, so a fix can insert another layer before it. */
export interface AttachPoint {
  /** `list`: an element of a `Sequential([...])` list; `add`: a `model.add(...)` statement; `apply`: a functional call. */
  style: 'list' | 'add' | 'apply';
  /** list/add: where the element or statement starts. apply: the span of the input expression. */
  span: Span;
  /** add: the receiver text (`model`). */
  receiver?: string;
}

export class ModelBuilder {
  private nextId = 1;
  readonly models: ModelIR[] = [];
  /** Front-end attachment data for fixes that insert layers. */
  readonly attachPoints = new Map<TensorNode, AttachPoint>();

  constructor(readonly language: Language) {}

  newLayer(type: string, known: boolean, call: CallSite, conditional: boolean, inner?: LayerNode): LayerNode {
    return { id: this.nextId++, type, known, call, conditional, inner };
  }

  /** Every tensor made so far, in order: a layer's applications (`layer.output`) are read from it, rarely. */
  private readonly applied: TensorNode[] = [];

  /** A tensor produced by applying `layer` to `inputs`. */
  apply(layer: LayerNode, inputs: TensorNode[], span: Span, conditional: boolean): TensorNode {
    const node: TensorNode = { id: this.nextId++, layer, inputs, span, conditional };
    this.applied.push(node);
    return node;
  }

  applicationsOf(layer: LayerNode): readonly TensorNode[] {
    return this.applied.filter((node) => node.layer === layer);
  }

  newModel(kind: ModelKind, name: string, span: Span): ModelIR {
    const model: ModelIR = {
      id: this.nextId++,
      name,
      kind,
      language: this.language,
      span,
      nodes: [],
      inputs: [],
      outputs: [],
      complete: true,
      compile: null,
      fits: [],
    };
    this.models.push(model);
    return model;
  }

  /** Forgets a model that turned out to be another one (a subclass that builds itself functionally). */
  discard(model: ModelIR): void {
    const at = this.models.indexOf(model);
    if (at >= 0) this.models.splice(at, 1);
  }

  /**
   * Appends to a Sequential model. An InputLayer tensor (from `Input(...)`)
   * becomes the model input; anything else is applied to the current output.
   */
  addToSequential(model: ModelIR, item: LayerNode | TensorNode, span: Span, conditional: boolean): TensorNode {
    let node: TensorNode;
    if ('layer' in item) {
      node = item;
      model.inputs.push(node);
    } else {
      const previous = model.outputs[0];
      node = this.apply(item, previous ? [previous] : [], span, conditional);
    }
    model.nodes.push(node);
    model.outputs = [node];
    return node;
  }

  /** Fills a functional model from its inputs and outputs by walking the graph backwards. */
  setGraph(model: ModelIR, inputs: TensorNode[], outputs: TensorNode[]): void {
    model.inputs = inputs;
    model.outputs = outputs;
    model.nodes = topologicalOrder(outputs);
    for (const input of inputs) if (!model.nodes.includes(input)) model.complete = false;
  }
}

/** Nodes reachable from `outputs`, producers before consumers. Cycles (impossible in Keras, possible in bad IR) are cut. */
export function topologicalOrder(outputs: TensorNode[]): TensorNode[] {
  const order: TensorNode[] = [];
  const state = new Map<TensorNode, 'visiting' | 'done'>();
  // Iterative DFS: a 10,000-layer chain must not overflow the stack.
  for (const root of outputs) {
    const stack: [TensorNode, number][] = [[root, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [node, index] = top;
      if (index === 0) {
        if (state.has(node)) {
          stack.pop();
          continue;
        }
        state.set(node, 'visiting');
      }
      if (index < node.inputs.length) {
        top[1]++;
        const next = node.inputs[index];
        if (!state.has(next)) stack.push([next, 0]);
        continue;
      }
      state.set(node, 'done');
      order.push(node);
      stack.pop();
    }
  }
  return order;
}

/**
 * The tensors a value holds: one tensor, a list of them, or a dict of them (Python
 * functional models take dicts of inputs/outputs). Null when any item is not a tensor.
 */
export function tensorsOf(v: Value): TensorNode[] | null {
  if (v.kind === 'tensor') return [v.node];
  const items = v.kind === 'sequence' ? v.items : v.kind === 'dict' ? [...v.entries.values()] : null;
  if (!items) return null;
  const out: TensorNode[] = [];
  for (const item of items) {
    if (item.kind !== 'tensor') return null;
    out.push(item.node);
  }
  return out;
}

/**
 * The edit that puts a new layer expression `code` before the layer attached at
 * `attach`: a new list element, a new add() statement, or a wrapped functional
 * input. `applied(code, input)` writes the call in the language at hand.
 */
export function insertLayerEdit(
  text: string,
  attach: AttachPoint,
  code: string,
  applied: (code: string, input: string) => string,
): { span: Span; newText: string } {
  const { start, end } = attach.span;
  switch (attach.style) {
    case 'list':
      return startsLine(text, start)
        ? { span: { start, end: start }, newText: `${code},\n${indentAt(text, start)}` }
        : { span: { start, end: start }, newText: `${code}, ` };
    case 'add': {
      // Keep the statement style: a JS statement ending in `;` gets one too.
      const semicolon = text.slice(start, end).trimEnd().endsWith(';') ? ';' : '';
      return {
        span: { start, end: start },
        newText: `${attach.receiver}.add(${code})${semicolon}\n${indentAt(text, start)}`,
      };
    }
    case 'apply':
      return { span: { start, end }, newText: applied(code, text.slice(start, end)) };
  }
}
