"""Writes src/analyzer/keras/catalog.json from an installed Keras 3.

The analyzer must know, without running anything, which names Keras accepts
(losses, activations, optimizers, metrics) and the positional parameter order of
every constructor it models. Guessing those from memory drifts from Keras; this
script reads them from Keras's own registries and signatures instead.

Usage:  python tools/extract-keras-catalog.py > src/analyzer/keras/catalog.json
(run with the Python that has `tensorflow-cpu` installed; see DEVELOPERS.md).
"""
import inspect
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
from keras.src import activations, losses, metrics, optimizers  # noqa: E402
# ImageDataGenerator left the public API in Keras 3 but users still call it.
from keras.src.legacy.preprocessing import image as legacy_image  # noqa: E402


def simple(value):
    """A default value the analyzer can use, or a marker that it cannot."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (tuple, list)) and all(isinstance(v, (int, float, str)) or v is None for v in value):
        return list(value)
    return {"unrepresentable": type(value).__name__}


def signature(fn):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    params, defaults = [], {}
    for p in sig.parameters.values():
        if p.name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        params.append(p.name)
        if p.default is not p.empty:
            defaults[p.name] = simple(p.default)
    return {"params": params, "defaults": defaults}


def public_classes(module, base):
    out = {}
    for name in sorted(dir(module)):
        obj = getattr(module, name)
        if inspect.isclass(obj) and issubclass(obj, base) and not name.startswith("_"):
            sig = signature(obj.__init__)
            if sig is not None:
                out[name] = sig
    return out


def accepted(getter, names):
    ok = []
    for name in sorted(names):
        try:
            if getter(name) is not None:
                ok.append(name)
        except Exception:  # noqa: BLE001 - a name Keras refuses is simply not listed
            pass
    return ok


def canonical_loss(name):
    obj = losses.get(name)
    fn = getattr(obj, "fn", obj)  # loss classes wrap their function
    return getattr(fn, "__name__", None)


def default_metric_names():
    """The name each metric class logs under when constructed without `name=`."""
    names = {}
    for name in dir(keras.metrics):
        cls = getattr(keras.metrics, name)
        if inspect.isclass(cls) and issubclass(cls, keras.metrics.Metric):
            keras.backend.clear_session()  # resets the auto-name counters (auc, auc_1, …)
            try:
                names[name] = cls().name
            except Exception:  # noqa: BLE001 - needs arguments (MeanIoU…); its name is not knowable here
                pass
    return names


def optimizer_default_rates():
    rates = {}
    for name in optimizer_names:
        try:
            rates[name] = float(keras.ops.convert_to_numpy(optimizers.get(name).learning_rate))
        except Exception:  # noqa: BLE001 - wrappers such as LossScaleOptimizer
            pass
    return rates


def merge_functions():
    """keras.layers' lowercase merge functions: the layer class each creates, read by calling it on two tensors."""
    out = {}
    for name in sorted(dir(keras.layers)):
        fn = getattr(keras.layers, name)
        if name.startswith("_") or not inspect.isfunction(fn) or ".merging." not in fn.__module__:
            continue
        keras.backend.clear_session()
        a, b = keras.Input(shape=(4,)), keras.Input(shape=(4,))
        layer = fn([a, b])._keras_history.operation
        out[name] = {**signature(fn), "class": type(layer).__name__, "layerName": layer.name}
    return out


loss_names = accepted(losses.get, losses.ALL_OBJECTS_DICT.keys())
metric_names = accepted(metrics.get, metrics.ALL_OBJECTS_DICT.keys())
optimizer_names = accepted(optimizers.get, optimizers.ALL_OBJECTS_DICT.keys())
activation_names = accepted(activations.get, activations.ALL_OBJECTS_DICT.keys())

catalog = {
    "generatedBy": "tools/extract-keras-catalog.py",
    "kerasVersion": keras.__version__,
    "layers": public_classes(keras.layers, keras.layers.Layer),
    "mergeFunctions": merge_functions(),
    "losses": {
        "names": loss_names,
        # compile_utils.get_loss resolves these itself (compared lower-cased) from the output shape
        "compileOnly": ["crossentropy", "ce"],
        "canonical": {n: canonical_loss(n) for n in loss_names},
        "classes": public_classes(keras.losses, keras.losses.Loss),
        "functions": {n: signature(getattr(keras.losses, n)) for n in dir(keras.losses)
                      if not n.startswith("_") and inspect.isfunction(getattr(keras.losses, n))},
    },
    "activations": activation_names,
    "optimizers": {
        "names": optimizer_names,
        "classes": public_classes(keras.optimizers, keras.optimizers.Optimizer),
        # optimizers.get() deserializes string names case-insensitively
        "caseInsensitive": True,
        "defaultLearningRate": optimizer_default_rates(),
    },
    "metrics": {
        "names": metric_names,
        # compile_utils.get_metric resolves these itself (compared lower-cased) and
        # logs every string metric under the string exactly as written.
        "compileOnly": ["acc", "accuracy"],
        "classes": public_classes(keras.metrics, keras.metrics.Metric),
        "defaultNames": default_metric_names(),
    },
    "callbacks": public_classes(keras.callbacks, keras.callbacks.Callback),
    "functions": {
        "Input": signature(keras.Input),
        "Sequential": signature(keras.Sequential.__init__),
        "Model": {"params": ["inputs", "outputs", "name"], "defaults": {}},
        "compile": signature(keras.Model.compile),
        "fit": signature(keras.Model.fit),
        "to_categorical": signature(keras.utils.to_categorical),
        "image_dataset_from_directory": signature(keras.utils.image_dataset_from_directory),
        "text_dataset_from_directory": signature(keras.utils.text_dataset_from_directory),
        "flow_from_directory": signature(legacy_image.ImageDataGenerator.flow_from_directory),
        "ImageDataGenerator": signature(legacy_image.ImageDataGenerator.__init__),
    },
}
json.dump(catalog, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
