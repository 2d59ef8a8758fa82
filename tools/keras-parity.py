"""Builds reference models in real Keras and records what Keras reports.

Writes test/fixtures/keras-parity.json: for every model source in
test/fixtures/keras-parity/models/*.py (each assigns `model`) and every example
in examples/*.py that defines `build_model()`, the source text itself and, per
layer (InputLayer left out, in `model.layers` order): name, class, output
shape and parameter counts. test/unit/shapes-parity.test.ts analyses the same
source text with Model Doctor and compares.

A first line `# model-doctor summary --input-shape 12` means the code does not
give the input shape: the model is built with `model.build((None, 12))` here and
analysed with the same `--input-shape` there.

Development only (not run by CI):
    /work/.keras/bin/python tools/keras-parity.py
"""
import json
import os
import pathlib
import re
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import warnings  # noqa: E402

warnings.filterwarnings("ignore")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODELS = ROOT / "test" / "fixtures" / "keras-parity" / "models"
EXAMPLES = ROOT / "examples"
OUT = ROOT / "test" / "fixtures" / "keras-parity.json"

INPUT_SHAPE = re.compile(r"^# model-doctor summary --input-shape ([0-9,]+)\s*$", re.M)


def shape_of(layer):
    """The last application's output shape, as model.summary() shows it."""
    node = layer._inbound_nodes[-1]
    outputs = node.output_tensors
    if len(outputs) != 1:
        return None
    return [None if d is None else int(d) for d in outputs[0].shape]


def weight_count(weights):
    return int(sum(int(w.numpy().size) for w in weights))


def describe(model):
    rows = []
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        trainable = weight_count(layer.trainable_weights)
        non_trainable = weight_count(layer.non_trainable_weights)
        rows.append(
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "outputShape": shape_of(layer),
                "params": layer.count_params(),
                "trainable": trainable,
                "nonTrainable": non_trainable,
            }
        )
    return {
        "layers": rows,
        "totalParams": model.count_params(),
        "trainableParams": weight_count(model.trainable_weights),
        "nonTrainableParams": weight_count(model.non_trainable_weights),
    }


def build(source, path, call):
    """Runs a model source in a fresh Keras session (layer name counters start at zero)."""
    keras.backend.clear_session()
    namespace = {"__name__": "parity_model", "__file__": str(path)}
    exec(compile(source, str(path), "exec"), namespace)
    model = eval(call, namespace) if call else namespace["model"]
    match = INPUT_SHAPE.search(source)
    input_shape = [int(d) for d in match.group(1).split(",")] if match else None
    if input_shape:
        model.build((None, *input_shape))
    return model, input_shape


def main():
    cases = []
    sources = [(p, None, "model") for p in sorted(MODELS.glob("*.py"))]
    sources += [(p, "build_model()", "build_model") for p in sorted(EXAMPLES.glob("*.py")) if "def build_model(" in p.read_text()]
    for path, call, analyzer_name in sources:
        source = path.read_text()
        model, input_shape = build(source, path, call)
        case = {
            "name": path.stem,
            "file": str(path.relative_to(ROOT)),
            "model": analyzer_name,
            "inputShape": input_shape,
            "source": source,
            "keras": describe(model),
        }
        cases.append(case)
        print(f"{path.relative_to(ROOT)}: {len(case['keras']['layers'])} layers, {case['keras']['totalParams']} params", file=sys.stderr)
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
