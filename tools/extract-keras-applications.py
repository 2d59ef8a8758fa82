"""Writes src/analyzer/keras/applications.json from an installed Keras 3.

For every keras.applications backbone, how its output shape and parameter
counts follow from its arguments (input size, include_top, pooling, classes,
and alpha / minimalistic / include_preprocessing where it has them), measured
by building it with weights=None:

- spatial: the output size along each image axis is a chain of window
  operations (convolutions and poolings that change the size, zero padding,
  cropping). The chain is read from the built model, along one path from its
  output back to its input (branches that merge must agree on the size), and
  checked against Keras on held-out input sizes, static and symbolic.
- channels: the last axis of the include_top=False output.
- params of the include_top=False model as a + b * input channels (measured at
  1 and 3 channels, checked at 4 and at another image size: they do not
  depend on it).
- params of the classifier head (include_top=True minus include_top=False) as
  constant + perClass * classes + perPosition * (rows * cols of the feature
  map): measured at three points, checked at a fourth.
- whether the model scales its inputs itself (Rescaling / Normalization layers
  before its first convolution) and what its preprocess_input does.

Usage:  python tools/extract-keras-applications.py > src/analyzer/keras/applications.json
(run with the Python that has `tensorflow-cpu` installed; see DEVELOPERS.md;
takes hours on 2 cores: 2.5 h on a busy machine). `--only ResNet50,VGG16` measures only those
(the output then holds only them); `--merge a.json b.json …` joins such outputs into one table.
"""
import inspect
import itertools
import json
import math
import os
import pathlib
import re
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import warnings  # noqa: E402

warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import applications  # noqa: E402

# The variants each backbone is measured for: the values Keras publishes weights for.
VARIANT_VALUES = {
    "alpha": {
        "MobileNet": [0.25, 0.5, 0.75, 1.0],
        "MobileNetV2": [0.35, 0.5, 0.75, 1.0, 1.3, 1.4],
        "MobileNetV3Small": [0.75, 1.0],
        "MobileNetV3Large": [0.75, 1.0],
    },
    "minimalistic": [False, True],
    "include_preprocessing": [True, False],
}

WINDOW_LAYERS = ("Conv1D", "Conv2D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D", "AveragePooling2D")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def simple(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return {"unrepresentable": type(value).__name__}


def signature(fn):
    sig = inspect.signature(fn)
    params = [p.name for p in sig.parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    defaults = {p.name: simple(p.default) for p in sig.parameters.values() if p.default is not p.empty}
    return params, defaults


def count(weights):
    return int(sum(int(np.prod(w.shape)) for w in weights))


def build(cls, **kwargs):
    keras.backend.clear_session()
    return getattr(applications, cls)(weights=None, **kwargs)


def counts(model):
    return count(model.trainable_weights), count(model.non_trainable_weights)


# ------------------------------------------------------------------ spatial


def layer_steps(op):
    """The size change one layer makes (window, zero padding, cropping): a list of steps, empty when it
    keeps the size. A stride-1 window that keeps it ('same', or 1x1) changes nothing: left out."""
    kind = type(op).__name__
    config = op.get_config()
    if kind in WINDOW_LAYERS:
        window = config.get("kernel_size") or config.get("pool_size")
        strides = config.get("strides") or window
        dilation = config.get("dilation_rate") or [1, 1]
        if isinstance(dilation, int):
            dilation = [dilation, dilation]
        step = {
            "window": [int(w) for w in window],
            "stride": [int(s) for s in strides],
            "dilation": [int(d) for d in dilation],
            "padding": config["padding"],
        }
        keeps = all(s == 1 for s in step["stride"]) and (
            step["padding"] == "same" or all(w == 1 for w in step["window"])
        )
        return [] if keeps else [step]
    if kind == "ZeroPadding2D":
        return [{"pad": [[int(a), int(b)] for a, b in config["padding"]]}]
    if kind == "Cropping2D":
        return [{"crop": [[int(a), int(b)] for a, b in config["cropping"]]}]
    return []


def spatial_program(model):
    """The size-changing operations along one path from the output back to the input, input first."""
    steps = []
    tensor = model.outputs[0]
    while True:
        op, node_index, _ = tensor._keras_history
        node = op._inbound_nodes[node_index]
        if not node.input_tensors:
            break
        if isinstance(op, keras.Model):
            # A nested model (ConvNeXt's stem and downsampling blocks are Sequentials): its own chain, reversed
            # like the rest of this walk.
            steps.extend(reversed(spatial_program(op)))
        else:
            steps.extend(reversed(layer_steps(op)))
        tensor = node.input_tensors[0]
    steps.reverse()
    return steps


def apply_program(steps, size, static=True):
    """The feature-map size for an input size (rows, cols), by Keras's formulas; None when it vanishes.

    `static`: the model was built for this size. A `correct` padding (imagenet_utils.correct_pad) pads one
    less before than after on an even axis of a model built for a known size, and always one less on a
    model built for unknown sizes (input_shape=(None, None, 3)).
    """
    out = list(size)
    for step in steps:
        for i in range(2):
            n = out[i]
            if "pad" in step:
                before, after = step["pad"][i]
                if step.get("correct"):
                    before = after - ((1 - n % 2) if static else 1)
                n += before + after
            elif "crop" in step:
                n -= sum(step["crop"][i])
            else:
                reach = (step["window"][i] - 1) * step["dilation"][i] + 1
                if step["padding"] == "same":
                    n = (n - 1) // step["stride"][i] + 1
                else:
                    n = (n - reach) // step["stride"][i] + 1
            if n <= 0:
                return None
            out[i] = n
    return out


def merged_program(none_steps, static_builds):
    """The chain of the None-sized model, with each padding that varies with the input size's parity in the
    static builds marked `correct` (checked to follow correct_pad's rule in every build)."""
    steps = [dict(s) for s in none_steps]
    for size, static_steps in static_builds:
        assert len(static_steps) == len(steps), ("chains differ in length", size)
    for index, step in enumerate(steps):
        if "pad" not in step:
            continue
        if all(st[index] == step for _, st in static_builds):
            continue
        step["correct"] = True
        # What a static build pads must be what correct_pad gives at that size.
        for size, static_steps in static_builds:
            n = apply_program(steps[:index], size, static=True)
            for i in range(2):
                before, after = static_steps[index]["pad"][i]
                assert after == step["pad"][i][1] and before == after - (1 - n[i] % 2), ("not correct_pad", size)
        for i in range(2):
            assert step["pad"][i][0] == step["pad"][i][1] - 1, "a None-sized build pads one less before"
    return steps


# --------------------------------------------------------------- measuring


def min_size(cls, variant):
    """The smallest rows/cols Keras accepts, from the message it raises below it."""
    try:
        build(cls, include_top=False, input_shape=(1, 1, 3), **variant)
    except ValueError as e:
        m = re.search(r"at least (\d+)x(\d+)", str(e))
        if m:
            return int(m.group(1))
        log(cls, "min size message not understood:", e)
    return None


def preprocessing_layers(model):
    """Rescaling / Normalization layers the model applies to its input before its first convolution."""
    found = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind.startswith("Conv") or kind in ("DepthwiseConv2D", "SeparableConv2D"):
            break
        if kind == "Rescaling":
            c = layer.get_config()
            found.append({"type": kind, "scale": float(np.mean(c["scale"])), "offset": float(np.mean(c["offset"]))})
        elif kind == "Normalization":
            c = layer.get_config()
            entry = {"type": kind}
            if c.get("mean") is not None:
                entry["mean"] = [float(x) for x in np.ravel(c["mean"])]
                entry["variance"] = [float(x) for x in np.ravel(c["variance"])]
            found.append(entry)
    return found


def preprocess_input_mode(cls):
    """What the backbone's preprocess_input does to RGB pixels 0..255, read by calling it."""
    module = None
    for name in sorted(dir(applications)):
        candidate = getattr(applications, name)
        if inspect.ismodule(candidate) and hasattr(candidate, cls) and hasattr(candidate, "preprocess_input"):
            module = name
            break
    if module is None:
        return None, None
    fn = getattr(applications, module).preprocess_input
    x = np.array([[[[0.0, 127.5, 255.0]]]], dtype="float32")
    y = np.array(fn(x.copy()))
    out = [float(round(v, 4)) for v in y.ravel()]
    if np.allclose(y, x):
        mode = "none"
    elif np.allclose(y, x / 127.5 - 1):
        mode = "tf"
    elif np.allclose(y[..., ::-1], x - np.array([123.68, 116.779, 103.939]), atol=1e-2):
        mode = "caffe"
    elif np.allclose(y, (x / 255 - np.array([0.485, 0.456, 0.406])) / np.array([0.229, 0.224, 0.225]), atol=1e-3):
        mode = "torch"
    else:
        mode = "other"
    return module, {"mode": mode, "of0_127_255": out}


def fit_linear(points):
    """a + b*x through (x, y) points: from the first two, checked on the rest."""
    (x0, y0), (x1, y1) = points[0], points[1]
    b = (y1 - y0) / (x1 - x0)
    a = y0 - b * x0
    assert b == int(b) and a == int(a), points
    for x, y in points[2:]:
        assert a + b * x == y, ("linear rule fails", points)
    return [int(a), int(b)]


def measure_variant(cls, variant, default_size, minimum):
    log(f"  {cls} {variant}")
    base = build(cls, include_top=False, input_shape=(None, None, 3), **variant)
    none_steps = spatial_program(base)
    # Static builds of both parities: some backbones pad by the size (imagenet_utils.correct_pad).
    derive = [(96, 130), (97, 131)]
    statics = []
    for size in derive:
        model = build(cls, include_top=False, input_shape=(*size, 3), **variant)
        statics.append((size, spatial_program(model)))
    steps = merged_program(none_steps, statics)
    channels = int(base.outputs[0].shape[-1])
    t3, n3 = counts(base)
    preprocessing = preprocessing_layers(base)
    one = build(cls, include_top=False, input_shape=(None, None, 1), **variant)
    t1, n1 = counts(one)
    four = build(cls, include_top=False, input_shape=(None, None, 4), **variant)
    t4, n4 = counts(four)
    params = {
        "trainable": fit_linear([(1, t1), (3, t3), (4, t4)]),
        "nonTrainable": fit_linear([(1, n1), (3, n3), (4, n4)]),
    }
    # Held-out sizes, symbolically through the None-sized model.
    held_out = [(minimum, minimum), (minimum + 1, minimum + 3), (97, 131), (default_size + 31, default_size - 5)]
    refused = []
    for size in held_out:
        want = apply_program(steps, size, static=False)
        try:
            got = base.compute_output_shape((None, size[0], size[1], 3))
        except ValueError:
            # NASNet built for any size refuses some sizes it is then applied to (its branches disagree).
            refused.append(list(size))
            continue
        assert list(got) == [None, *want, channels], (cls, variant, size, got, want)
    # Static builds at held-out sizes of mixed parity: the shape, and the same counts (they do not depend on
    # the size).
    names = {}
    size_dependent = False
    for rows, cols in [(minimum + 1, minimum + 2), (default_size - 7, default_size + 2)]:
        static = build(cls, include_top=False, input_shape=(rows, cols, 3), **variant)
        names[rows] = static.name
        want = [None, *apply_program(steps, (rows, cols)), channels]
        assert list(static.outputs[0].shape) == want, (cls, variant, (rows, cols), static.outputs[0].shape, want)
        # NASNet builds different reduction branches for some sizes: its counts depend on the size.
        size_dependent |= counts(static) != (t3, n3)
    rows, cols = 97, 131
    pooled = build(cls, include_top=False, input_shape=(rows, cols, 3), pooling="max", **variant)
    assert list(pooled.outputs[0].shape) == [None, channels], cls
    default_counts = None
    if size_dependent:
        default_counts = counts(build(cls, include_top=False, input_shape=(default_size, default_size, 3), **variant))
    else:
        assert counts(pooled) == (t3, n3), cls
    result = {
        "when": variant,
        # The model's default name, `{rows}` standing for the input rows where it contains them (MobileNet).
        "name": name_template(names),
        "spatial": steps,
        "channels": channels,
        "params": params,
        "preprocessing": preprocessing,
        # Sizes a model built for any size (input_shape=(None, None, c)) refused when applied to them.
        "refusedWhenBuiltForAnySize": refused,
    }
    if size_dependent:
        # `params` then holds for a model built for any size; at the default size with 3 channels, these.
        result["paramsDependOnSize"] = True
        result["paramsAtDefaultSize"] = {"trainable": default_counts[0], "nonTrainable": default_counts[1]}
        result["top"] = measure_top(cls, variant, steps, default_size, minimum, default_counts, True)
    else:
        result["top"] = measure_top(cls, variant, steps, default_size, minimum, (t3, n3))
    return result


def measure_without_preprocessing(cls, variant, twin, default_size):
    """include_preprocessing=False only removes layers in front of the first convolution: the size chain,
    channels, name and head are the twin's (checked on one held-out size); the counts are measured again."""
    log(f"  {cls} {variant}")
    counted = {}
    for c in (1, 3, 4):
        model = build(cls, include_top=False, input_shape=(None, None, c), **variant)
        counted[c] = counts(model)
        if c == 3:
            base = model
    assert preprocessing_layers(base) == [], (cls, variant)
    size = (default_size + 31, default_size - 5)
    got = base.compute_output_shape((None, *size, 3))
    assert list(got) == [None, *apply_program(twin["spatial"], size, static=False), twin["channels"]], (cls, variant)
    return {
        **twin,
        "when": variant,
        "params": {
            "trainable": fit_linear([(c, counted[c][0]) for c in (1, 3, 4)]),
            "nonTrainable": fit_linear([(c, counted[c][1]) for c in (1, 3, 4)]),
        },
        "preprocessing": [],
    }


def name_template(names):
    (r1, n1), (r2, n2) = names.items()
    if n1 == n2:
        return n1
    template = n1.replace(str(r1), "{rows}")
    assert template.replace("{rows}", str(r2)) == n2, names
    return template


def measure_top(cls, variant, steps, default_size, minimum, base_counts, default_size_only=False):
    """The head's counts as constant + perClass * classes + perPosition * feature-map positions; with
    `default_size_only` (counts that depend on the size), at the default size only: perPosition is then 0."""
    def head(size, classes):
        model = build(cls, include_top=True, input_shape=(size, size, 3), classes=classes, **variant)
        assert list(model.outputs[0].shape) == [None, classes], (cls, model.outputs[0].shape)
        t, n = counts(model)
        positions = math.prod(apply_program(steps, (size, size)))
        return positions, classes, t - base_counts[0], n - base_counts[1], model.name

    other = max(minimum, default_size // 2 + 1)
    third = max(minimum + 3, default_size // 2 + 33)
    a = head(default_size, 1000)
    b = head(default_size, 10)
    c = b if default_size_only else head(other, 10)
    d = head(default_size, 7) if default_size_only else head(third, 7)
    out = {}
    for k, key in ((2, "trainable"), (3, "nonTrainable")):
        per_class = (a[k] - b[k]) / (a[1] - b[1])
        rest_b = b[k] - per_class * b[1]
        rest_c = c[k] - per_class * c[1]
        per_position = 0 if b[0] == c[0] else (rest_c - rest_b) / (c[0] - b[0])
        constant = rest_b - per_position * b[0]
        predicted = constant + per_class * d[1] + per_position * d[0]
        assert predicted == d[k], (cls, key, "head rule fails on the held-out point", predicted, d[k])
        out[key] = {"constant": int(constant), "perClass": int(per_class), "perPosition": int(per_position)}
    return out


def measure(cls, only_default_variant=False):
    log(cls)
    params, defaults = signature(getattr(applications, cls))
    variant_params = [p for p in ("alpha", "minimalistic", "include_preprocessing") if p in params]
    choices = []
    for p in variant_params:
        values = VARIANT_VALUES[p]
        choices.append(values[cls] if isinstance(values, dict) else values)
    default_variant = {p: defaults[p] for p in variant_params}
    keras.backend.clear_session()
    default_model = build(cls, include_top=True, **default_variant)
    # MobileNetV3 builds its classifier for any size (None): it is measured at 224, its ImageNet size.
    default_size = default_model.inputs[0].shape[1]
    measure_size = 224 if default_size is None else int(default_size)
    minimum = min_size(cls, default_variant)
    # Without a stated minimum (MobileNetV3), the held-out sizes start at 32, which every backbone takes.
    measure_minimum = minimum or 32
    module, preprocess = preprocess_input_mode(cls)
    variants = []
    for values in itertools.product(*choices):
        variant = dict(zip(variant_params, values))
        # include_preprocessing=False only removes input layers: the head is that of the same variant with it.
        if variant.get("include_preprocessing") is False:
            twin = next(v for v in variants if v["when"] == {**variant, "include_preprocessing": True})
            variants.append(measure_without_preprocessing(cls, variant, twin, measure_size))
        else:
            variants.append(measure_variant(cls, variant, measure_size, measure_minimum))
    return {
        "params": params,
        "defaults": defaults,
        "module": module,
        "defaultSize": default_size,
        "minSize": minimum,
        "summaryType": type(default_model).__name__,
        "preprocessInput": preprocess,
        "variants": variants,
    }


def merge(files):
    """One table from several `--only` runs (one process per backbone: a failure loses only its own)."""
    out = None
    for f in files:
        part = json.loads(pathlib.Path(f).read_text())
        if out is None:
            out = {**part, "backbones": {}}
        assert part["kerasVersion"] == out["kerasVersion"], f
        out["backbones"].update(part["backbones"])
    return out


def main():
    if "--merge" in sys.argv:
        json.dump(merge(sys.argv[sys.argv.index("--merge") + 1 :]), sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write("\n")
        return
    names = sorted(n for n in dir(applications) if n[0].isupper() and callable(getattr(applications, n)))
    if "--only" in sys.argv:
        wanted = sys.argv[sys.argv.index("--only") + 1].split(",")
        names = [n for n in names if n in wanted]
    out = {
        "generatedBy": "tools/extract-keras-applications.py",
        "kerasVersion": keras.__version__,
        "backbones": {name: measure(name) for name in names},
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
