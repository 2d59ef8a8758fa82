"""Builds reference models in real Keras and records what Keras reports.

Writes test/fixtures/keras-parity.json, which test/unit/shapes-parity.test.ts
compares Model Doctor's shapes and parameter counts with. Two kinds of case:

- models: test/fixtures/keras-parity/models/*.py, each assigning `model`.
  Recorded exactly (a functional model's tensor operations too, as
  model.summary() lists them). A model written in Keras 1/2 spellings that
  Keras 3 refuses has its Keras 3 conversion in models/keras3/ under the same
  name: Keras builds that one. A line `# parity: needs engine wiring` marks a
  model the analyzer cannot follow yet; the test reports it as to do. A first line `# model-doctor summary --input-shape 12`
  means the code does not give the input shape: Keras builds the model with
  `model.build((None, 12))` and the test analyses with the same --input-shape.

- examples: every examples/**/*.py and .ipynb, run as they are (notebook code
  cells in order) with data loading replaced by stand-in data and fit/evaluate/
  predict doing nothing, so only model construction runs. Each example runs
  twice with differently sized stand-in data (files: sample and feature counts;
  Keras's datasets: sample counts, their feature shapes are fixed); a value
  that differs between the two runs depends on data the analyzer never sees
  and is recorded as null (unknown), which is what Model Doctor must report. Examples Keras
  cannot build (a typo it rejects) are recorded with the reason.

The source text of every case is stored, so the test can tell when a file
changed since the fixture was made. Development only (not run by CI); with a
Keras made as DEVELOPERS.md says (a venv beside the repository, `../.keras`):

    ../.keras/bin/python tools/keras-parity.py
"""
import contextlib
import io
import json
import os
import pathlib
import re
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import warnings  # noqa: E402

warnings.filterwarnings("ignore")

import importlib.abc  # noqa: E402
import importlib.util  # noqa: E402
import types  # noqa: E402

import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODELS = ROOT / "test" / "fixtures" / "keras-parity" / "models"
EXAMPLES = ROOT / "examples"
OUT = ROOT / "test" / "fixtures" / "keras-parity.json"

INPUT_SHAPE = re.compile(r"^# model-doctor summary --input-shape ([0-9,]+)\s*$", re.M)


# ----------------------------------------------------------------- describing


def shape_of(layer):
    """The last application's output shape, as model.summary() shows it."""
    node = layer._inbound_nodes[-1]
    outputs = node.output_tensors
    if len(outputs) != 1:
        return None
    return [None if d is None else int(d) for d in outputs[0].shape]


def weight_count(weights):
    return int(sum(int(np.prod(w.shape)) for w in weights))


def describe(model):
    rows = []
    # model.summary() lists a functional model's operations, layers and the tensor operations between them
    # (`x + y` is an `add` row, `keras.ops.reshape` a `reshape` row); model.layers leaves the latter out.
    operations = model.operations if isinstance(model, keras.Model) and not isinstance(model, keras.Sequential) else model.layers
    for layer in operations:
        if type(layer).__name__ == "InputLayer":
            continue
        is_layer = isinstance(layer, keras.layers.Layer)
        rows.append(
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "outputShape": shape_of(layer),
                "params": layer.count_params() if is_layer else 0,
                "trainable": weight_count(layer.trainable_weights) if is_layer else 0,
                "nonTrainable": weight_count(layer.non_trainable_weights) if is_layer else 0,
            }
        )
    return {
        "layers": rows,
        "totalParams": model.count_params(),
        "trainableParams": weight_count(model.trainable_weights),
        "nonTrainableParams": weight_count(model.non_trainable_weights),
    }


# --------------------------------------------------------------- model files


def build_model_file(source, path):
    """Runs a model source in a fresh Keras session (layer name counters start at zero, channels_last)."""
    keras.backend.clear_session()
    keras.config.set_image_data_format("channels_last")
    namespace = {"__name__": "parity_model", "__file__": str(path)}
    exec(compile(source, str(path), "exec"), namespace)
    model = namespace["model"]
    match = INPUT_SHAPE.search(source)
    input_shape = [int(d) for d in match.group(1).split(",")] if match else None
    if input_shape:
        model.build((None, *input_shape))
    return model, input_shape


# ------------------------------------------------------------------ examples


class Data:
    """Stands in for loaded data: every attribute, call, index or operation gives data of the same shape."""

    def __init__(self, shape):
        self.shape = tuple(shape)
        self.ndim = len(self.shape)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __getitem__(self, key):
        return self

    def __len__(self):
        return self.shape[0]

    def __array__(self, dtype=None, copy=None):
        # numpy functions (np.expand_dims…) see zeros of the right shape.
        return np.zeros(self.shape, dtype=dtype or "float32")

    def __iter__(self):
        return iter([self, self])

    def _same(self, *args):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __pow__ = __neg__ = _same


class StandInModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """pandas, scikit-learn and plotting only load, split or show data in the examples: any function gives stand-in data."""

    NAMES = ("pandas", "sklearn", "matplotlib", "seaborn")

    def __init__(self, table):
        self.table = table

    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in self.NAMES:
            return importlib.util.spec_from_loader(name, self, is_package=True)
        return None

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        table = self.table

        def attribute(name):
            if name.startswith("__"):
                raise AttributeError(name)
            if name == "train_test_split":
                return lambda *arrays, **kw: [table() for _ in range(2 * len(arrays))]
            return table

        module.__getattr__ = attribute
        return module

    def exec_module(self, module):
        pass


class StandIns:
    """Replaces data loading with zeros (or Data) whose sizes differ between runs."""

    def __init__(self, size):
        n, k = size
        self.table = lambda *a, **kw: Data((n, k))
        zeros = lambda *shape: (lambda *a, **kw: np.zeros(shape, "float32"))  # noqa: E731
        split = lambda x, y: (lambda **kw: ((x(), y()), (x(), y())))  # noqa: E731
        # Keras's datasets have fixed feature shapes (code relies on them, e.g. Input((8,)) with
        # california_housing); only the sample count varies. Sequences are padded to `k`.
        datasets = {
            "mnist": split(zeros(n, 28, 28), zeros(n)),
            "fashion_mnist": split(zeros(n, 28, 28), zeros(n)),
            "cifar10": split(zeros(n, 32, 32, 3), zeros(n, 1)),
            "cifar100": split(zeros(n, 32, 32, 3), zeros(n, 1)),
            "imdb": split(zeros(n, k), zeros(n)),
            "reuters": split(zeros(n, k), zeros(n)),
            "boston_housing": split(zeros(n, 13), zeros(n)),
            "california_housing": split(zeros(n, 8), zeros(n)),
        }
        self.patches = [(getattr(keras.datasets, name), "load_data", f) for name, f in datasets.items()]
        self.patches += [(getattr(tf.keras.datasets, name), "load_data", f) for name, f in datasets.items()]
        for name in ("load", "loadtxt", "genfromtxt"):
            self.patches.append((np, name, zeros(n, k)))
        for module in (keras.utils, tf.keras.utils):
            for name in ("image_dataset_from_directory", "text_dataset_from_directory"):
                self.patches.append((module, name, self.table))
            real = module.to_categorical
            self.patches.append((module, "to_categorical", lambda x, *a, _real=real, **kw: x if isinstance(x, Data) else _real(x, *a, **kw)))
        for name in ("fit", "evaluate", "predict", "save", "save_weights", "load_weights", "summary"):
            self.patches.append((keras.Model, name, lambda self, *a, **kw: Data((n,))))
        self.finder = StandInModules(self.table)
        self.saved = []
        self.hidden_modules = {}

    def __enter__(self):
        for owner, name, value in self.patches:
            self.saved.append((owner, name, getattr(owner, name)))
            setattr(owner, name, value)
        for name in list(sys.modules):
            if name.split(".")[0] in StandInModules.NAMES:
                self.hidden_modules[name] = sys.modules.pop(name)
        sys.meta_path.insert(0, self.finder)
        return self

    def __exit__(self, *exc):
        sys.meta_path.remove(self.finder)
        for name in list(sys.modules):
            if name.split(".")[0] in StandInModules.NAMES:
                del sys.modules[name]
        sys.modules.update(self.hidden_modules)
        for owner, name, value in reversed(self.saved):
            setattr(owner, name, value)


def notebook_code(text):
    cells = json.loads(text)["cells"]
    code = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        # IPython magics and shell escapes are not Python.
        lines = ["pass  # " + l if l.lstrip().startswith(("%", "!")) else l for l in source.split("\n")]
        code.append("\n".join(lines))
    return "\n".join(code)


def run_example(path, size):
    """The models an example builds (module-level names bound to keras Models), in binding order."""
    text = path.read_text()
    code = notebook_code(text) if path.suffix == ".ipynb" else text
    keras.backend.clear_session()
    namespace = {"__name__": "__main__", "__file__": str(path)}
    with StandIns(size), contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, str(path), "exec"), namespace)
    models = []
    for name, value in namespace.items():
        if isinstance(value, keras.Model) and all(value is not m for _, m in models):
            models.append((name, value))
    return models


def merge(a, b):
    """Keras's values where both runs agree; null where they depend on the stand-in data."""
    if isinstance(a, dict):
        return {k: merge(a[k], b[k]) for k in a}
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [merge(x, y) for x, y in zip(a, b)]
    return a if a == b else None


def example_case(path):
    case = {"name": path.stem, "file": str(path.relative_to(ROOT)), "kind": "example", "source": path.read_text()}
    try:
        first = run_example(path, (6, 5))
        second = run_example(path, (7, 9))
    except Exception as error:  # Keras refused the code: that is the example's point.
        case["kerasError"] = f"{type(error).__name__}: {str(error).splitlines()[0]}"
        return case
    case["models"] = []
    for (name, a), (_, b) in zip(first, second):
        if not a.built:
            case["models"].append({"variable": name, "unbuilt": True})
            continue
        case["models"].append({"variable": name, "keras": merge(describe(a), describe(b))})
    return case


def main():
    cases = []
    for path in sorted(MODELS.glob("*.py")):
        source = path.read_text()
        # Code in Keras 1/2 spellings Keras 3 refuses: Keras builds its Keras 3 conversion, models/keras3/<same name>.
        translation = MODELS / "keras3" / path.name
        built = translation if translation.exists() else path
        model, input_shape = build_model_file(built.read_text(), built)
        case = {
            "name": path.stem,
            "file": str(path.relative_to(ROOT)),
            "kind": "model",
            "inputShape": input_shape,
            "source": source,
            "keras": describe(model),
        }
        if built is not path:
            case["builtFrom"] = {"file": str(built.relative_to(ROOT)), "source": built.read_text()}
        cases.append(case)
    keras.config.set_image_data_format("channels_last")
    examples = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".py", ".ipynb") and "tfjs" not in p.parts)
    for path in examples:
        cases.append(example_case(path))
    for case in cases:
        what = case.get("kerasError") or (
            f"{len(case['keras']['layers'])} layers" if "keras" in case else f"{len(case['models'])} models"
        )
        print(f"{case['file']}: {what}", file=sys.stderr)
    fixture = {
        "generatedBy": "tools/keras-parity.py",
        "kerasVersion": keras.__version__,
        "tensorflowVersion": tf.__version__,
        "backend": keras.backend.backend(),
        "cases": cases,
    }
    OUT.write_text(json.dumps(fixture, indent=1) + "\n")


if __name__ == "__main__":
    main()
