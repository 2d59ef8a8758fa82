"""Writes src/analyzer/keras/operations.json and test/fixtures/keras-ops.json from an installed Keras 3 / TF.

The tensor operations people write inside functional graphs (`x + y`,
`keras.ops.reshape`, `tf.concat`, `K.mean`, `tf.nn.relu`…): for each, its
parameters (read from the function's signature), and what Keras 3 does when it
is given a symbolic KerasTensor: it becomes an operation in the graph (its
class and name are what `model.summary()` shows), or it raises (TensorFlow
functions refuse KerasTensors in Keras 3; the reason is recorded).

The fixture holds output shapes computed by Keras itself (keras.ops on
KerasTensors, batch axis None) and by TensorFlow (tf.* on eager tensors, batch
3) for a set of calls, which test/unit/shapes-operations.test.ts checks the
analyzer's shape rules against.

Usage:  python tools/extract-keras-ops.py
(run with the Python that has `tensorflow-cpu` installed; see DEVELOPERS.md).
"""
import inspect
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import warnings  # noqa: E402

warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras.src.legacy import backend as legacy_backend  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLE = ROOT / "src" / "analyzer" / "keras" / "operations.json"
FIXTURE = ROOT / "test" / "fixtures" / "keras-ops.json"

# What each operation does to shapes, by the analyzer's rule names. The rules themselves are in
# src/analyzer/shapes/operations.ts; the fixture checks them against Keras.
ELEMENTWISE_BINARY = [
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "power", "maximum", "minimum",
    "greater", "greater_equal", "less", "less_equal", "equal", "not_equal", "mod", "logical_and", "logical_or",
    "floordiv", "floormod", "pow", "truediv", "squared_difference",
]
SAME_SHAPE = [
    "relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "gelu", "silu", "swish", "elu", "selu",
    "softplus", "softsign", "leaky_relu", "hard_sigmoid", "hard_silu", "exp", "log", "sqrt", "square", "abs",
    "negative", "sign", "cast", "stop_gradient", "erf", "clip", "round", "floor", "ceil", "reciprocal",
    "rsqrt", "sin", "cos", "identity", "normalize", "l2_normalize", "dropout", "clip_by_value", "mish",
    "log1p", "expm1", "real", "imag", "fft", "fft2d", "ifft", "ifft2d", "roll",
]
STRUCTURE = {
    "reshape": "reshape",
    "expand_dims": "expand_dims",
    "squeeze": "squeeze",
    "concatenate": "concatenate",
    "concat": "concatenate",
    "stack": "stack",
    "transpose": "transpose",
    "permute_dimensions": "transpose",
    "mean": "reduce",
    "sum": "reduce",
    "max": "reduce",
    "min": "reduce",
    "prod": "reduce",
    "std": "reduce",
    "var": "reduce",
    "any": "reduce",
    "all": "reduce",
    "reduce_mean": "reduce",
    "reduce_sum": "reduce",
    "reduce_max": "reduce",
    "reduce_min": "reduce",
    "reduce_prod": "reduce",
    "reduce_std": "reduce",
    "reduce_variance": "reduce",
    "reduce_any": "reduce",
    "reduce_all": "reduce",
    "argmax": "arg_reduce",
    "argmin": "arg_reduce",
    "matmul": "matmul",
    "flatten": "flatten",
    "batch_flatten": "batch_flatten",
    "take": "take",
    "gather": "take",
    "tile": "tile",
    "repeat": "repeat",
    "depth_to_space": "depth_to_space",
    "space_to_depth": "space_to_depth",
    "one_hot": "one_hot",
}
RULES = {**{n: "broadcast" for n in ELEMENTWISE_BINARY}, **{n: "same" for n in SAME_SHAPE}, **STRUCTURE}

NAMESPACES = {
    "keras.ops": keras.ops,
    "keras.activations": keras.activations,
    "tf": tf,
    "tf.math": tf.math,
    "tf.nn": tf.nn,
    "tf.linalg": tf.linalg,
    "tf.signal": tf.signal,
    # Keras 2's backend functions (`from keras import backend as K`): Keras 3 keeps them in keras.src.legacy,
    # reachable as tf.keras.backend, not as keras.backend.
    "keras.backend": legacy_backend,
}


def simple(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (tuple, list)) and all(isinstance(v, (int, float)) or v is None for v in value):
        return list(value)
    return {"unrepresentable": type(value).__name__}


def signature(fn):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    params, defaults = [], {}
    for p in sig.parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name == "name":
            continue
        params.append(p.name)
        if p.default is not p.empty:
            defaults[p.name] = simple(p.default)
    return {"params": params, "defaults": defaults}


def symbolic(call):
    """What Keras 3 does with the call on KerasTensors: the operation it adds, or the error it raises."""
    keras.backend.clear_session()
    x = keras.Input(shape=(4, 6))
    y = keras.Input(shape=(4, 6))
    try:
        out = call(x, y)
    except Exception as e:  # noqa: BLE001 - the refusal is the fact recorded
        # The error's first sentence says why (the rest is advice, the same for every TF function).
        return {"raises": f"{type(e).__name__}: {str(e).splitlines()[0].split('. ')[0][:120]}"}
    history = getattr(out, "_keras_history", None)
    if history is None:
        return {"raises": f"returns {type(out).__name__}, not a KerasTensor"}
    op = history.operation
    assert not isinstance(op, keras.layers.Layer), (op, "an operation, not a layer, is what this records")
    return {"className": type(op).__name__, "name": op.name}


# A call per rule, for the symbolic probe: (x, y) are KerasTensors of shape (None, 4, 6).
PROBES = {
    "broadcast": lambda f: lambda x, y: f(x, y),
    "same": lambda f: lambda x, y: f(x),
    "reshape": lambda f: lambda x, y: f(x, (-1, 24)),
    "expand_dims": lambda f: lambda x, y: f(x, 1),
    "squeeze": lambda f: lambda x, y: f(keras.ops.expand_dims(x, 1), 1),
    "concatenate": lambda f: lambda x, y: f([x, y], 1),
    "stack": lambda f: lambda x, y: f([x, y], 1),
    "transpose": lambda f: lambda x, y: f(x, (0, 2, 1)),
    "reduce": lambda f: lambda x, y: f(x, 1),
    "arg_reduce": lambda f: lambda x, y: f(x, 1),
    "matmul": lambda f: lambda x, y: f(x, keras.ops.transpose(y, (0, 2, 1))),
    "flatten": lambda f: lambda x, y: f(x),
    "batch_flatten": lambda f: lambda x, y: f(x),
    "take": lambda f: lambda x, y: f(x, [0, 1], 1),
    "tile": lambda f: lambda x, y: f(x, (1, 2, 1)),
    "repeat": lambda f: lambda x, y: f(x, 2, 1),
    "depth_to_space": lambda f: lambda x, y: f(keras.ops.reshape(x, (-1, 1, 2, 12)), 2),
    "space_to_depth": lambda f: lambda x, y: f(keras.ops.reshape(x, (-1, 2, 2, 6)), 2),
    "one_hot": lambda f: lambda x, y: f(keras.ops.cast(x, "int32"), 3),
}


# Same-named functions that do something else: keras.ops.identity builds an identity matrix; keras.ops.fft
# takes a (real, imaginary) pair.
EXCLUDED = {"keras.ops.identity", "keras.ops.fft"}
# Arguments the probe must pass besides the tensors.
EXTRA = {"cast": ("float32",), "clip": (0.0, 1.0), "clip_by_value": (0.0, 1.0), "dropout": (0.5,), "roll": (1, 1)}


def probe(rule, name, fn, params):
    extra = EXTRA.get(name, ())
    if rule == "same" and extra:
        return lambda x, y: fn(x, *extra)
    if rule == "transpose" and len(params) == 1:
        return lambda x, y: fn(x)
    return PROBES[rule](fn)


def operations():
    out = {}
    for namespace, module in NAMESPACES.items():
        for name, rule in sorted(RULES.items()):
            path = f"{namespace}.{name}"
            fn = getattr(module, name, None)
            if path in EXCLUDED or fn is None or not callable(fn) or inspect.isclass(fn) or inspect.ismodule(fn):
                continue
            sig = signature(fn)
            if sig is None:
                continue
            out[path] = {**sig, "rule": rule, "keras3": symbolic(probe(rule, name, fn, sig["params"]))}
    return out


OPERATORS = {
    "+": lambda x, y: x + y,
    "-": lambda x, y: x - y,
    "*": lambda x, y: x * y,
    "/": lambda x, y: x / y,
    "//": lambda x, y: x // y,
    "%": lambda x, y: x % y,
    "**": lambda x, y: x**y,
    "@": lambda x, y: x @ keras.ops.transpose(y, (0, 2, 1)),
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    "==": lambda x, y: x == y,
    "!=": lambda x, y: x != y,
    "unary -": lambda x, y: -x,
    "abs()": lambda x, y: abs(x),
}


# ----------------------------------------------------------------- fixture

SHAPE_CASES = [
    # (function, positional args as JSON, keyword args, input shapes without tensors in args)
    ("keras.ops.add", [], {}, [[None, 4, 6], [None, 4, 6]]),
    ("keras.ops.multiply", [], {}, [[None, 4, 6], [6]]),
    ("keras.ops.multiply", [], {}, [[None, 4, 1], [None, 1, 6]]),
    ("keras.ops.subtract", [], {}, [[None, 4, 6], []]),
    ("keras.ops.greater", [], {}, [[None, 1, 6], [None, 4, 6]]),
    ("keras.ops.add", [], {}, [[None, 4, 6], [None, 5, 6]]),
    ("keras.ops.reshape", [[-1, 24]], {}, [[None, 4, 6]]),
    ("keras.ops.reshape", [[-1, 2, 12]], {}, [[None, 4, 6]]),
    ("keras.ops.reshape", [[-1, 5]], {}, [[None, 4, 6]]),
    ("keras.ops.reshape", [[8, 3]], {}, [[None, 4, 6]]),
    ("keras.ops.expand_dims", [-1], {}, [[None, 4, 6]]),
    ("keras.ops.expand_dims", [1], {}, [[None, 4, 6]]),
    ("keras.ops.squeeze", [], {}, [[None, 1, 6, 1]]),
    ("keras.ops.squeeze", [], {"axis": -1}, [[None, 1, 6, 1]]),
    ("keras.ops.squeeze", [], {"axis": 2}, [[None, 1, 6, 1]]),
    ("keras.ops.concatenate", [], {"axis": -1}, [[None, 4, 6], [None, 4, 2]]),
    ("keras.ops.concatenate", [], {}, [[None, 4, 6], [None, 4, 6]]),
    ("keras.ops.concatenate", [], {"axis": 1}, [[None, 4, 6], [None, 3, 6]]),
    ("keras.ops.stack", [], {"axis": 1}, [[None, 4, 6], [None, 4, 6]]),
    ("keras.ops.stack", [], {"axis": -1}, [[None, 4, 6], [None, 4, 6]]),
    ("keras.ops.transpose", [[0, 2, 1]], {}, [[None, 4, 6]]),
    ("keras.ops.transpose", [], {}, [[None, 4, 6]]),
    ("keras.ops.mean", [], {"axis": -1}, [[None, 4, 6]]),
    ("keras.ops.mean", [], {"axis": [1, 2], "keepdims": True}, [[None, 4, 6]]),
    ("keras.ops.sum", [], {}, [[None, 4, 6]]),
    ("keras.ops.max", [1], {}, [[None, 4, 6]]),
    ("keras.ops.argmax", [], {"axis": -1}, [[None, 4, 6]]),
    ("keras.ops.matmul", [], {}, [[None, 4, 6], [None, 6, 3]]),
    ("keras.ops.matmul", [], {}, [[None, 4, 6], [6, 3]]),
    ("keras.ops.matmul", [], {}, [[None, 6], [6, 3]]),
    ("keras.ops.relu", [], {}, [[None, 4, 6]]),
    ("keras.ops.softmax", [], {"axis": 1}, [[None, 4, 6]]),
    ("keras.activations.gelu", [], {}, [[None, 4, 6]]),
    ("tf.concat", [-1], {}, [[None, 4, 6], [None, 4, 2]]),
    ("tf.reshape", [[-1, 24]], {}, [[None, 4, 6]]),
    ("tf.expand_dims", [-1], {}, [[None, 4, 6]]),
    ("tf.squeeze", [], {"axis": [1]}, [[None, 1, 6]]),
    ("tf.stack", [], {"axis": 1}, [[None, 4, 6], [None, 4, 6]]),
    ("tf.transpose", [], {"perm": [0, 2, 1]}, [[None, 4, 6]]),
    ("tf.reduce_mean", [], {"axis": 1}, [[None, 4, 6]]),
    ("tf.reduce_sum", [], {"axis": -1, "keepdims": True}, [[None, 4, 6]]),
    ("tf.reduce_max", [], {}, [[None, 4, 6]]),
    ("tf.math.reduce_mean", [], {"axis": [1, 2]}, [[None, 4, 6]]),
    ("tf.matmul", [], {"transpose_b": True}, [[None, 4, 6], [None, 3, 6]]),
    ("tf.add", [], {}, [[None, 4, 6], [6]]),
    ("tf.nn.relu", [], {}, [[None, 4, 6]]),
    ("tf.math.sigmoid", [], {}, [[None, 4, 6]]),
    ("tf.argmax", [], {"axis": 1}, [[None, 4, 6]]),
    ("keras.backend.concatenate", [], {}, [[None, 4, 6], [None, 4, 2]]),
    ("keras.backend.expand_dims", [], {}, [[None, 4, 6]]),
    ("keras.backend.mean", [], {"axis": 1}, [[None, 4, 6]]),
    ("keras.backend.permute_dimensions", [[0, 2, 1]], {}, [[None, 4, 6]]),
    ("keras.backend.batch_flatten", [], {}, [[None, 4, 6]]),
    ("keras.backend.flatten", [], {}, [[None, 4, 6]]),
    ("keras.backend.argmax", [], {}, [[None, 4, 6]]),
    ("keras.ops.take", [[[0, 1, 2]]], {"axis": 1}, [[None, 8, 8, 12]]),
    ("keras.ops.take", [[0, 2]], {"axis": -1}, [[None, 8, 12]]),
    ("keras.ops.take", [[0, 1, 2]], {}, [[None, 8, 12]]),
    ("keras.ops.take", [2], {"axis": 1}, [[None, 8, 12]]),
    ("tf.gather", [[[0, 1, 2]]], {"axis": 1}, [[None, 8, 8, 12]]),
    ("tf.gather", [[0, 1]], {}, [[None, 8, 12]]),
    ("keras.ops.tile", [[1, 2, 1, 3]], {}, [[None, 8, 8, 12]]),
    ("keras.ops.tile", [[2, 3]], {}, [[None, 8, 8, 12]]),
    ("keras.ops.tile", [[2, 1, 1, 3]], {}, [[None, 8, 12]]),
    ("tf.tile", [[1, 2, 3]], {}, [[None, 8, 12]]),
    ("keras.ops.repeat", [2], {"axis": 1}, [[None, 8, 12]]),
    ("keras.ops.repeat", [3], {"axis": -1}, [[None, 8, 12]]),
    ("keras.ops.repeat", [2], {"axis": 0}, [[None, 8, 12]]),
    ("keras.ops.repeat", [2], {}, [[None, 8, 12]]),
    ("tf.repeat", [2], {"axis": 1}, [[None, 8, 12]]),
    ("tf.nn.depth_to_space", [2], {}, [[None, 8, 8, 12]]),
    ("tf.nn.depth_to_space", [3], {}, [[None, 8, 8, 12]]),
    ("tf.nn.space_to_depth", [2], {}, [[None, 8, 8, 12]]),
    ("keras.ops.depth_to_space", [2], {}, [[None, 8, None, 12]]),
    ("keras.ops.space_to_depth", [2], {}, [[None, 8, 8, 12]]),
    ("keras.ops.tile", [[1, 2]], {}, [[None, 8, None]]),
    ("tf.nn.space_to_depth", [3], {}, [[None, 8, 8, 12]]),
    ("keras.ops.one_hot", [7], {}, [[None, 5]]),
    ("keras.ops.one_hot", [7], {"axis": 1}, [[None, 5]]),
    ("tf.one_hot", [7], {}, [[None, 5]]),
    ("tf.math.floordiv", [], {}, [[None, 4, 6], [6]]),
    ("tf.signal.fft2d", [], {}, [[None, 4, 6]]),
    ("keras.ops.roll", [], {"shift": (-2, -2), "axis": (1, 2)}, [[None, 8, 8, 3]]),
    ("tf.roll", [], {"shift": [2, 2], "axis": [1, 2]}, [[None, 8, 8, 3]]),
]

# Functions whose tensors come as one list argument.
LIST_INPUT = {"concatenate", "concat", "stack"}


def resolve(path):
    namespace, name = path.rsplit(".", 1)
    return getattr(NAMESPACES[namespace], name), name


def compute(path, args, kwargs, shapes):
    """The output shape Keras (symbolic, batch None) or TensorFlow (eager, batch 3) computes; or its error."""
    fn, name = resolve(path)
    eager = path.startswith("tf") or path.startswith("keras.backend")
    # Functions that take integer indices or complex numbers get tensors of that type.
    dtype = {"one_hot": "int32", "fft2d": "complex64"}.get(name, "float32")
    if eager:
        tensors = [tf.zeros([3 if d is None else d for d in s], dtype=dtype) for s in shapes]
    else:
        keras.backend.clear_session()
        tensors = [keras.Input(batch_shape=tuple(s), dtype=dtype) if s else keras.ops.ones(()) for s in shapes]
    try:
        out = fn(tensors, *args, **kwargs) if name in LIST_INPUT else fn(*tensors, *args, **kwargs)
    except Exception as e:  # noqa: BLE001
        return {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:160]}"}
    shape = [None if d is None else int(d) for d in out.shape]
    return {"output": shape, "batch": 3 if eager else None}


def main():
    table = {
        "generatedBy": "tools/extract-keras-ops.py",
        "kerasVersion": keras.__version__,
        "tensorflowVersion": tf.__version__,
        "functions": operations(),
        "operators": {op: symbolic(call) for op, call in OPERATORS.items()},
    }
    TABLE.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    cases = []
    for path, args, kwargs, shapes in SHAPE_CASES:
        cases.append({"function": path, "args": args, "kwargs": kwargs, "inputs": shapes, **compute(path, args, kwargs, shapes)})
    FIXTURE.write_text(
        json.dumps({"generatedBy": "tools/extract-keras-ops.py", "kerasVersion": keras.__version__, "cases": cases}, indent=1)
        + "\n"
    )
    print(f"{len(table['functions'])} functions, {len(cases)} shape cases", file=sys.stderr)


if __name__ == "__main__":
    main()
