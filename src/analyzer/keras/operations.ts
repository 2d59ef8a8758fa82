/**
 * Tensor operations people apply inside a model's graph, by canonical path:
 * their parameters, the shape rule they follow (shapes/operations.ts), and
 * what Keras 3 makes of them on symbolic tensors. Python's functions are read
 * from Keras and TensorFlow (operations.json, tools/extract-keras-ops.py):
 * keras.ops.*, keras.activations.*, tf.*, tf.math.*, tf.nn.*, tf.linalg.*,
 * and Keras 2's backend functions (`K.mean`), which Keras 3 keeps in
 * keras.src.legacy.backend. TensorFlow.js ops are listed here from
 * tfjs-core 4.22's signatures (test/unit/shapes-operations.test.ts runs them).
 *
 * Keras 3 facts recorded there (and relied on by the summary): keras.ops and
 * most keras.activations on a KerasTensor add an operation that
 * `model.summary()` lists like a layer, named after its class (`Add` →
 * `add`, sharing the counter with the Add layer; `keras.activations.relu` is a
 * `ReLU` operation, `re_lu`); TensorFlow functions and the legacy backend
 * raise ("A KerasTensor cannot be used as input to a TensorFlow function"),
 * they only worked in tf.keras 2 (as TFOpLambda layers).
 */
import type { Language } from '../ir';
import type { OperationRule } from '../shapes/operations';
import operationsJson from './operations.json';

export interface OperationSpec {
  /** Canonical path (`keras.ops.reshape`, `tf.concat`) or `operator +`. */
  path: string;
  rule: OperationRule;
  /**
   * Parameters in positional order. By rule, the first one or two take the
   * tensors (a list of them for concatenate/stack); the next one the axis,
   * axes, permutation or new shape; keyword ones (`keepdims`, `transpose_b`)
   * are read by name.
   */
  params: readonly string[];
  defaults: Readonly<Record<string, unknown>>;
  /** Keras 3 on symbolic tensors: the operation it records, or why it raises. */
  keras3: { className: string; name: string } | { raises: string };
  /** Keywords an earlier release spelt differently, by that spelling (the table holds today's names). */
  formerKeywords?: Readonly<Record<string, string>>;
}

/**
 * Keywords Keras 3 renamed, so code written for the release it was written for
 * still reads: `ops.reshape(x, new_shape=...)` was Keras 3.0's spelling until
 * 3.0.5 renamed it `newshape` for NumPy's (keras-team/keras#19097; keras-io's
 * examples written then still use it).
 */
const FORMER_KEYWORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'keras.ops.reshape': { new_shape: 'newshape' },
};

interface FunctionFacts {
  rule: OperationRule;
  params: string[];
  defaults: Record<string, unknown>;
  keras3: { className: string; name: string } | { raises: string };
}

const table = operationsJson as unknown as {
  functions: Record<string, FunctionFacts>;
  operators: Record<string, { className: string; name: string } | { raises: string }>;
};

/** keras.ops lives in submodules too: keras.ops.numpy.add, keras.ops.nn.relu, keras.ops.math.* are keras.ops.*. */
export function pythonPath(path: string): string {
  return path.replace(/^keras\.ops\.(?:numpy|nn|math|core|image|linalg)\./, 'keras.ops.');
}

/** The operator's function: `+` → `add`. Python's binary operators on KerasTensors call these keras.ops. */
const OPERATOR_FUNCTIONS: Record<string, string> = {
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '/': 'true_divide',
  '//': 'floor_divide',
  '%': 'mod',
  '**': 'power',
  '@': 'matmul',
  '>': 'greater',
  '>=': 'greater_equal',
  '<': 'less',
  '<=': 'less_equal',
  '!=': 'not_equal',
  'unary -': 'negative',
  'abs()': 'abs',
};

/**
 * A Python operator applied to a tensor (`x + y`, `-x`, `x @ w`, `abs(x)`):
 * the keras.ops function it runs, with the class Keras 3 records. Null for an
 * operator that does not make a tensor (`==` compares KerasTensors by identity).
 */
export function operatorSpec(operator: string): OperationSpec | null {
  const fn = OPERATOR_FUNCTIONS[operator];
  const keras3 = table.operators[operator];
  if (!fn || !keras3 || 'raises' in keras3) return null;
  const spec = operationSpec(`keras.ops.${fn}`, 'python');
  return spec && { ...spec, path: `operator ${operator}`, keras3 };
}

/** TensorFlow.js ops (tfjs-core 4.22): rule, parameters in order, defaults. Eager only: tfjs refuses SymbolicTensors. */
const TFJS: Record<string, [OperationRule, string[], Record<string, unknown>]> = {
  ...Object.fromEntries(
    [
      'add',
      'sub',
      'mul',
      'div',
      'floorDiv',
      'maximum',
      'minimum',
      'mod',
      'squaredDifference',
      'greater',
      'greaterEqual',
      'less',
      'lessEqual',
      'equal',
      'notEqual',
      'logicalAnd',
      'logicalOr',
    ].map((n) => [n, ['broadcast', ['a', 'b'], {}]]),
  ),
  pow: ['broadcast', ['base', 'exp'], {}],
  ...Object.fromEntries(
    [
      'relu',
      'relu6',
      'sigmoid',
      'tanh',
      'elu',
      'selu',
      'softplus',
      'exp',
      'log',
      'sqrt',
      'square',
      'abs',
      'neg',
      'sign',
      'round',
      'floor',
      'ceil',
      'reciprocal',
      'rsqrt',
      'sin',
      'cos',
      'erf',
      'clone',
    ].map((n) => [n, ['same', ['x'], {}]]),
  ),
  softmax: ['same', ['logits', 'dim'], { dim: -1 }],
  logSoftmax: ['same', ['logits', 'axis'], { axis: -1 }],
  leakyRelu: ['same', ['x', 'alpha'], { alpha: 0.2 }],
  cast: ['same', ['x', 'dtype'], {}],
  clipByValue: ['same', ['x', 'clipValueMin', 'clipValueMax'], {}],
  dropout: ['same', ['x', 'rate', 'noiseShape', 'seed'], {}],
  reshape: ['reshape', ['x', 'shape'], {}],
  expandDims: ['expand_dims', ['x', 'axis'], { axis: 0 }],
  squeeze: ['squeeze', ['x', 'axis'], { axis: null }],
  concat: ['concatenate', ['tensors', 'axis'], { axis: 0 }],
  stack: ['stack', ['tensors', 'axis'], { axis: 0 }],
  transpose: ['transpose', ['x', 'perm'], { perm: null }],
  ...Object.fromEntries(
    ['mean', 'sum', 'max', 'min', 'prod', 'any', 'all'].map((n) => [
      n,
      ['reduce', ['x', 'axis', 'keepDims'], { axis: null, keepDims: false }],
    ]),
  ),
  argMax: ['arg_reduce', ['x', 'axis'], { axis: 0 }],
  argMin: ['arg_reduce', ['x', 'axis'], { axis: 0 }],
  matMul: ['matmul', ['a', 'b', 'transposeA', 'transposeB'], { transposeA: false, transposeB: false }],
  gather: ['take', ['x', 'indices', 'axis', 'batchDims'], { axis: 0, batchDims: 0 }],
  tile: ['tile', ['x', 'reps'], {}],
  depthToSpace: ['depth_to_space', ['x', 'blockSize', 'dataFormat'], { dataFormat: 'NHWC' }],
  oneHot: ['one_hot', ['indices', 'depth', 'onValue', 'offValue', 'dtype'], {}],
};

const TFJS_REFUSES = 'tfjs ops take concrete tensors only: a SymbolicTensor needs a layer';

/** The operation a call stands for, by the callee's canonical path; null when it is not one listed. */
export function operationSpec(path: string, language: Language): OperationSpec | null {
  if (language === 'javascript') {
    const m = /^tf\.(\w+)$/.exec(path);
    const facts = m && Object.hasOwn(TFJS, m[1]) ? TFJS[m[1]] : undefined;
    if (!facts) return null;
    const [rule, params, defaults] = facts;
    return { path, rule, params, defaults, keras3: { raises: TFJS_REFUSES } };
  }
  const key = pythonPath(path);
  if (!Object.hasOwn(table.functions, key)) return null;
  const f = table.functions[key];
  const spec: OperationSpec = { path: key, rule: f.rule, params: f.params, defaults: f.defaults, keras3: f.keras3 };
  if (Object.hasOwn(FORMER_KEYWORDS, key)) spec.formerKeywords = FORMER_KEYWORDS[key];
  return spec;
}
