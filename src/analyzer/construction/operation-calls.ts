/**
 * Tensor operations inside a functional graph, Python's spelling: calls to
 * keras.ops, keras.activations, the Keras 2 backend (`K.mean`) and TensorFlow
 * (`tf.concat`, `tf.nn.swish`) with a symbolic tensor among their arguments,
 * and Python's binary operators on one (`x + inputs`, `outputs * bound`).
 * Each becomes one node in the graph (see ModelConstruction.operation): its
 * shape comes from the operation table (keras/operations.ts,
 * shapes/operations.ts); an operation the table does not list still keeps
 * the layers upstream of it connected, with an unknown shape downstream.
 *
 * TensorFlow.js ops refuse SymbolicTensors (only layers take them), so they are
 * left to the tfjs front end.
 */
import { type OperationSpec, operationSpec, operatorSpec, pythonPath } from '../keras/operations';
import { arrayOf, axisSizeValue } from '../array-data';
import { type ArgInfo, UNKNOWN, type Value } from '../ir';
import { SHAPED_OPERATIONS } from '../shapes/shaped-operations';
import { MULTI_OUTPUT_OPERATIONS, outputCount } from '../shapes/split';
import { EXTRACT_PATCHES, EXTRACT_PATCHES_PARAMS } from '../shapes/operation-kind';
import type { CallTable, FrameworkCall, OperatorCall } from './call-table';
import { concreteOperation } from './concrete-tensors';

/** Where Keras 3 also exports the shaped operations: keras.ops.image.resize is the only spelling of resize. */
const SHAPED_SUBMODULE_PATHS = ['keras.ops.image.resize', 'keras.ops.numpy.einsum', 'keras.ops.numpy.pad'];

/** The layer class of an operation Keras 3 refuses on symbolic tensors, or that the analyzer does not know (tf.keras 2's name). */
const OPAQUE_OPERATION = 'TFOpLambda';

/**
 * Functions that read a tensor's static facts, or wrap code, rather than
 * compute a tensor of the graph: their result is not a node of it.
 */
const NOT_A_GRAPH_OPERATION =
  /\.(?:int_shape|shape|ndim|dtype|is_keras_tensor|is_tensor|is_sparse|rank|size|get_value|set_value|count_params|name_scope|function|GradientTape|Variable|constant|convert_to_tensor|print|debugging\.\w+|summary\.\w+|data\.[\w.]+|image_data_format|set_image_data_format|image_dim_ordering|set_image_dim_ordering|epsilon|floatx|clear_session|set_session|get_session|learning_phase|set_learning_phase)$/;

function opClass(spec: OperationSpec | null): string {
  return spec && !('raises' in spec.keras3) ? spec.keras3.className : OPAQUE_OPERATION;
}

/** Elementwise comparisons, by the name they end with in tf., tf.math., keras.ops. and the backend. */
const COMPARISONS: Record<string, (a: number, b: number) => boolean> = {
  equal: (a, b) => a === b,
  not_equal: (a, b) => a !== b,
  greater: (a, b) => a > b,
  greater_equal: (a, b) => a >= b,
  less: (a, b) => a < b,
  less_equal: (a, b) => a <= b,
};

/**
 * `tf.math.equal(x.shape[-1], filters)` on two Python numbers runs eagerly: a
 * scalar boolean tensor, which `if` reads as its value (MobileViT's residual test).
 */
function comparison(c: FrameworkCall): Value | undefined {
  const match = /^(?:tf\.(?:math\.)?|keras\.ops\.|keras\.backend\.)(\w+)$/.exec(c.path);
  const compare = match && Object.hasOwn(COMPARISONS, match[1]) ? COMPARISONS[match[1]] : undefined;
  const [a, b] = c.positional;
  if (!compare || c.positional.length !== 2 || c.opaqueArgs || a.kind !== 'number' || b.kind !== 'number')
    return undefined;
  return { kind: 'bool', value: compare(a.value, b.value) };
}

function operationCall(c: FrameworkCall) {
  if (c.language !== 'python' || NOT_A_GRAPH_OPERATION.test(c.path)) return undefined;
  const compared = comparison(c);
  if (compared) return compared;
  if (/^keras\.ops\.(?:image\.)?extract_patches$/.test(c.path))
    return c.build.operation(
      EXTRACT_PATCHES,
      'ExtractPatches',
      c.bind({ keywords: EXTRACT_PATCHES_PARAMS }),
      EXTRACT_PATCHES_PARAMS,
      c.span,
    );
  const spec = operationSpec(c.path, 'python');
  const site = c.bind({ keywords: spec?.params ?? [] });
  for (const [former, today] of Object.entries(spec?.formerKeywords ?? {})) {
    const given = site.args.get(former);
    if (given && !site.args.has(today)) {
      site.args.set(today, given);
      site.args.delete(former);
    }
  }
  const graph = c.build.operation(spec?.path ?? c.path, opClass(spec), site, spec?.params ?? [], c.span);
  // No symbolic tensor among the arguments: computed from concrete tensors and numbers, if from anything.
  return graph ?? (spec && !c.opaqueArgs ? concreteOperation(spec, site, c.path, c.span) : undefined);
}

/** einsum, pad, resize: shapes from their own arguments (shapes/shaped-operations.ts). */
function shapedCall(c: FrameworkCall) {
  if (c.language !== 'python') return undefined;
  const path = pythonPath(c.path);
  const op = SHAPED_OPERATIONS[path];
  if (!op) return undefined;
  return c.build.operation(path, op.className ?? OPAQUE_OPERATION, c.bind({ keywords: op.params }), op.tensors, c.span);
}

function operatorCall(c: OperatorCall) {
  if (c.language !== 'python') return undefined;
  const arg = (value: ArgInfo['value']): ArgInfo => ({ value, span: c.span, removal: c.span, literal: false });
  if (c.op === '[]') {
    // `lstm(x)[1]` on a call that gives several tensors (return_state): that tensor, as Keras indexes its list.
    const key = c.right.kind === 'sequence' && c.right.items.length === 1 ? c.right.items[0] : null;
    if (c.left.kind === 'tensor' && key?.kind === 'number' && key.isInt) {
      const part = c.build.outputAt(c.left.node, key.value);
      if (part) return { kind: 'tensor', node: part } as Value;
    }
    // A subscript: `left` the tensor, `right` the tuple of keys (slices, ints, None, Ellipsis).
    const site = c.build.fabricatedSite(
      c.span,
      new Map([
        ['x', arg(c.left)],
        ['key', arg(c.right)],
      ]),
    );
    return c.build.operation('operator []', 'GetItem', site, ['x'], c.span);
  }
  const spec = operatorSpec(c.op);
  if (!spec) return undefined;
  const [left, right] = spec.params;
  // `-x`: one operand.
  if (c.op.startsWith('unary '))
    return c.build.operation(
      spec.path,
      opClass(spec),
      c.build.fabricatedSite(c.span, new Map([[left, arg(c.left)]])),
      [left],
      c.span,
    );
  const site = c.build.fabricatedSite(
    c.span,
    new Map([
      [left, arg(c.left)],
      [right, arg(c.right)],
    ]),
  );
  return c.build.operation(spec.path, opClass(spec), site, spec.params, c.span);
}

/**
 * `q, k, v = ops.split(qkv, 3, axis=-1)`, `tf.unstack(x, axis=1)`: one
 * operation node, and a list of the tensors it gives when their number can be
 * told (shapes/split.ts).
 */
function multiOutputCall(c: FrameworkCall) {
  if (c.language !== 'python') return undefined;
  const op = MULTI_OUTPUT_OPERATIONS[c.path];
  const site = c.bind({ keywords: op.params });
  const whole = c.build.operation(c.path, op.className, site, op.params.slice(0, 1), c.span);
  if (whole?.kind !== 'tensor') return whole;
  const x = whole.node.inputs[0];
  const count = outputCount(c.path, site.args, x ? c.build.knownShape(x) : null);
  const parts = count !== null ? c.build.outputsOf(whole.node, count) : null;
  if (!parts) return whole;
  return { kind: 'sequence', items: parts.map((node): Value => ({ kind: 'tensor', node })), tuple: false } as Value;
}

/**
 * `K.int_shape(x)`, `keras.ops.shape(x)`, `tf.shape(x)`: the tensor's static
 * shape, as a tuple (a concrete tensor's too). tf.shape's is a tensor whose
 * items are the sizes when the model runs, and keras.ops.shape's has such
 * items where the static size is unknown: there, an axis the analyzer cannot
 * size now is the size of that axis (AxisSize), which `tf.range` can count to.
 * The batch axis stays None.
 */
function staticShape(c: FrameworkCall) {
  const x = c.positional[0];
  if (c.language !== 'python' || !x) return undefined;
  if (x.kind === 'tensor') {
    const shape = c.build.tensorShape(x.node);
    // tf.shape and keras.ops.shape give a size that is not known yet as a tensor of the run: keep where it comes from.
    if (c.path === 'keras.backend.int_shape' || shape.kind !== 'sequence') return shape;
    // A variable axis (None in the static shape, see ModelConstruction.tensorShape) is such a size too.
    const items = shape.items.map((d, axis) =>
      d.kind === 'unknown' || (d.kind === 'none' && axis > 0) ? axisSizeValue({ of: x.node, axis }) : d,
    );
    return { ...shape, items };
  }
  const array = arrayOf(x);
  return array
    ? ({
        kind: 'sequence',
        items: array.shape.map((d): Value => (d === null ? UNKNOWN : { kind: 'number', value: d, isInt: true })),
        tuple: true,
      } as Value)
    : undefined;
}

export function registerOperationCalls(table: CallTable): void {
  table
    .on('keras.backend.int_shape', staticShape)
    .on('keras.ops.shape', staticShape)
    .on('tf.shape', staticShape)
    .on('keras.backend.shape', staticShape);
  for (const path of Object.keys(MULTI_OUTPUT_OPERATIONS)) table.on(path, multiOutputCall);
  for (const path of [...Object.keys(SHAPED_OPERATIONS), ...SHAPED_SUBMODULE_PATHS]) table.on(path, shapedCall);
  for (const prefix of ['keras.ops.', 'keras.activations.', 'keras.backend.', 'tf.'])
    table.onPrefix(prefix, operationCall);
  table.onOperator(operatorCall);
}
