"""Writes src/analyzer/keras/backbone-layers.json from an installed Keras 3.

For every keras.applications backbone (its default variant: alpha=1,
minimalistic=False, include_preprocessing=True), the layers a model built
from its inner layers takes (`base.get_layer("conv4_block6_2_relu").output`,
`base.layers[-3].output`), each with what fixes its output shape for any input
size, exactly:

- a spatial layer (rows, cols, channels): its channels and the chain of
  size-changing operations (convolutions and poolings that change the size,
  zero padding, cropping) from the model's input to it, along the path through
  each layer's first input that has spatial axes (branches that merge agree on
  the size). The chains share their prefixes: each backbone stores its
  distinct steps once, and chains as (parent chain, step) pairs.
- any other layer (a squeeze-and-excite pooling and reshape): its shape, which
  does not depend on the input size.

Each layer also records its inputs (`get_layer(name).input`). A padding that
depends on the parity of the size the model is built for
(imagenet_utils.correct_pad) is marked `correct`, as in applications.json.

Every layer's rule is checked on static builds at held-out sizes of both
parities and on a build for any size; a layer whose rule fails there is left
out (its shape then stays unknown), and the tool says how many. The classifier
head (include_top=True) and the pooling layer (pooling="avg"/"max") are
recorded at the default size with 1000 classes only, where their shapes do not
depend on anything else. NASNet builds other branches for some sizes, so its
layers are left out. Counts of weights are not recorded: a model built from
several inner layers holds the union of what they need, which this table
cannot tell.

Usage:
  python tools/extract-keras-backbone-layers.py > src/analyzer/keras/backbone-layers.json
  python tools/extract-keras-backbone-layers.py --fixture > test/fixtures/backbone-layers.json
(run with the Python that has `tensorflow-cpu` installed; see DEVELOPERS.md). `--only ResNet50,VGG16`
measures only those; `--merge a.json b.json …` joins such outputs into one table.
`--fixture` writes what Keras builds for a few layers of each backbone at sizes the table's checks did
not use, for test/unit/shapes-backbone-layers.test.ts.
"""
import importlib.util
import inspect
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import warnings  # noqa: E402

warnings.filterwarnings("ignore")

import keras  # noqa: E402
from keras import applications  # noqa: E402

# Built for other branches at some sizes (see applications.json's paramsDependOnSize).
LEFT_OUT = ("NASNetMobile", "NASNetLarge")
# Sizes the rules are checked on (static builds, both parities) and the fixture's sizes (not used to check).
CHECK_SIZES = [(96, 130), (97, 131), (129, 99)]
FIXTURE_SIZES = [(75, 75), (113, 150), (224, 224)]


def load_applications_tool():
    """The applications table's tool (its file name is not a module name): its per-layer size rule."""
    path = pathlib.Path(__file__).with_name("extract-keras-applications.py")
    spec = importlib.util.spec_from_file_location("extract_keras_applications", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


APPLICATIONS_TOOL = load_applications_tool()


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def build(cls, **kwargs):
    keras.backend.clear_session()
    return getattr(applications, cls)(weights=None, **kwargs)


def window_step(op):
    """The size change of one layer (extract-keras-applications.py's rule); a nested model's in order."""
    if isinstance(op, keras.Model):
        # ConvNeXt's stem and downsampling blocks are Sequentials: their steps in order.
        steps = []
        for inner in op.layers:
            steps.extend(window_step(inner))
        return steps
    return APPLICATIONS_TOOL.layer_steps(op)


def inputs_in(layer, index):
    """Indices of the layers whose outputs `layer` takes in this model (a nested Sequential has other nodes)."""
    for node in layer._inbound_nodes:
        ids = [id(t._keras_history[0]) for t in node.input_tensors]
        if all(i in index for i in ids):
            return [index[i] for i in ids]
    return None


def layer_rules(model, spatial_ops=None):
    """For each layer in model.layers order: (name, class, inputs, chain or None, channels or shape).

    Chains follow every operation of the graph (ConvNeXt's residual `x + y` is an operation, not a layer);
    a layer taking an operation's output records no inputs (`.input` then stays unknown). A spatial output
    is one whose rows and cols follow the input size: None in a build for any size (`spatial_ops`, the
    operations found so there, for builds of one size; a squeeze-and-excite pooling keeps 1x1).
    """
    operations = list(model.operations)
    op_index = {id(op): i for i, op in enumerate(operations)}
    layer_index = {id(layer): i for i, layer in enumerate(model.layers)}
    # A nested Sequential's output tensor records its own last layer: it stands for the Sequential here.
    for i, op in enumerate(operations):
        if isinstance(op, keras.Model):
            for inner in op.layers:
                op_index.setdefault(id(inner), i)
    chains = {}
    for i, op in enumerate(operations):
        sources = inputs_in(op, op_index)
        shape = tuple(op.output.shape)
        if sources is None:
            chains[i] = None
        elif not sources:
            chains[i] = ()
        elif (i in spatial_ops) if spatial_ops is not None else (len(shape) == 4 and shape[1] is None and shape[2] is None):
            spatial = [s for s in sources if chains.get(s) is not None]
            chains[i] = None if not spatial else chains[spatial[0]] + tuple(json.dumps(s) for s in window_step(op))
        else:
            chains[i] = None
    if spatial_ops is None:
        spatial_ops = {i for i, op in enumerate(operations) if len(op.output.shape) == 4 and op.output.shape[1] is None}
    rows = []
    for layer in model.layers:
        i = op_index[id(layer)]
        sources = inputs_in(layer, layer_index) or []
        shape = tuple(layer.output.shape)
        kind = type(layer).__name__
        if chains[i] is not None:
            rows.append((layer.name, kind, sources, chains[i], int(shape[-1])))
        elif i in spatial_ops:
            # Spatial, but its chain could not be followed: unknown.
            rows.append((layer.name, kind, sources, None, [None]))
        else:
            rows.append((layer.name, kind, sources, None, [None if d is None else int(d) for d in shape[1:]]))
    return rows, spatial_ops


def apply_chain(steps, size, built):
    """Rows and cols after the chain; `built`: the size the model was built for (None: any)."""
    out = list(size)
    now = list(built)
    for step in steps:
        for i in range(2):
            def one(n, b):
                if n is None:
                    return None
                if "pad" in step:
                    before, after = step["pad"][i]
                    if step.get("correct"):
                        before = after - (1 if b is None else 1 - b % 2)
                    return n + before + after
                if "crop" in step:
                    return n - sum(step["crop"][i])
                reach = (step["window"][i] - 1) * step["dilation"][i] + 1
                if step["padding"] == "same":
                    return (n - 1) // step["stride"][i] + 1
                return (n - reach) // step["stride"][i] + 1

            out[i], now[i] = one(out[i], now[i]), one(now[i], now[i])
    return out


def measure(cls):
    log(cls)
    base = build(cls, include_top=False, input_shape=(None, None, 3))
    none_rows, spatial_ops = layer_rules(base)
    # Names Keras makes up from a counter (`re_lu_7`, `input_layer`) depend on what the session built
    # before: a second build in the same session tells them, and they are not recorded.
    again = getattr(applications, cls)(weights=None, include_top=False, input_shape=(None, None, 3))
    counted = {a.name for a, b in zip(base.layers, again.layers) if a.name != b.name}
    statics = {}
    for size in CHECK_SIZES:
        statics[size] = build(cls, include_top=False, input_shape=(*size, 3))
    static_rows = {size: layer_rules(m, spatial_ops)[0] for size, m in statics.items()}
    # The distinct steps, with the paddings whose amounts follow the built size's parity marked `correct`.
    steps = []
    step_index = {}
    chains = []
    chain_index = {(): -1}
    layers = []
    dropped = []
    for i, (name, kind, sources, chain, last) in enumerate(none_rows):
        others = [rows[i] for rows in static_rows.values()]
        assert all(o[0] == name for o in others), (cls, "layer lists differ", name)
        if chain is None:
            # Not spatial: a shape that must not depend on the size.
            fixed = last
            ok = None not in fixed and all(list(m.layers[i].output.shape[1:]) == fixed for m in statics.values())
            if ok:
                layers.append([name, kind, sources, None, fixed])
            else:
                dropped.append(name)
                layers.append([name, kind, sources, None, None])
            continue
        merged = []
        ok = True
        for k, text in enumerate(chain):
            step = json.loads(text)
            if "pad" in step:
                variants = {o[3][k] if o[3] is not None and len(o[3]) == len(chain) else None for o in others}
                if variants != {text}:
                    step["correct"] = True
                    for a, b in step["pad"]:
                        ok &= a == b - 1
            merged.append(step)
        for size, m in statics.items():
            want = [None, *apply_chain(merged, size, size), last]
            ok &= list(m.layers[i].output.shape) == want
        ok &= list(base.layers[i].output.shape) == [None, None, None, last]
        if not ok:
            dropped.append(name)
            layers.append([name, kind, sources, None, None])
            continue
        parent = -1
        for k in range(len(merged)):
            key = tuple(json.dumps(s, sort_keys=True) for s in merged[: k + 1])
            if key not in chain_index:
                text = key[-1]
                if text not in step_index:
                    step_index[text] = len(steps)
                    steps.append(json.loads(text))
                chain_index[key] = len(chains)
                chains.append([parent, step_index[text]])
            parent = chain_index[key]
        layers.append([name, kind, sources, parent, last])
    if dropped:
        log(f"  {cls}: {len(dropped)} layers left out (rule not exact): {dropped[:5]}")
    head = head_layers(cls, [layer[0] for layer in layers])
    for layer in layers:
        if layer[0] in counted:
            layer[0] = ""
    log(f"  {cls}: {len(counted)} names made up from a counter")
    return {"steps": steps, "chains": chains, "layers": layers, "head": head}


def head_layers(cls, trunk_names):
    """The layers include_top=True and pooling= add after the trunk, at the default size with 1000 classes."""
    out = {}
    trunk = len(trunk_names)
    for key, kwargs in (("top", {"include_top": True}), ("avg", {"include_top": False, "pooling": "avg"}),
                        ("max", {"include_top": False, "pooling": "max"})):
        model = build(cls, **kwargs)
        again = getattr(applications, cls)(weights=None, **kwargs)
        if [layer.name for layer in model.layers[1:trunk]] != trunk_names[1:]:
            log(f"  {cls} {key}: the trunk differs, head left out")
            continue
        extra = []
        trunk = len(trunk_names)
        index = {id(layer): i for i, layer in enumerate(model.layers)}
        for layer, twin in zip(model.layers[trunk:], again.layers[trunk:]):
            sources = inputs_in(layer, index) or []
            extra.append([layer.name if layer.name == twin.name else "", type(layer).__name__, sources, None,
                          [None if d is None else int(d) for d in layer.output.shape[1:]]])
        out[key] = {"size": None if model.inputs[0].shape[1] is None else int(model.inputs[0].shape[1]),
                    "layers": extra}
    return out


def fixture(cls):
    """What Keras builds for a few layers at sizes the table's checks did not use."""
    log(cls)
    out = []
    for size in FIXTURE_SIZES:
        try:
            model = build(cls, include_top=False, input_shape=(*size, 3))
        except ValueError:
            continue
        step = max(1, len(model.layers) // 7)
        for index in [*range(1, len(model.layers), step), len(model.layers) - 1]:
            layer = model.layers[index]
            out.append({"size": list(size), "index": index, "layer": layer.name,
                        "shape": [None if d is None else int(d) for d in layer.output.shape]})
    return out


def merge(files):
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
        json.dump(merge(sys.argv[sys.argv.index("--merge") + 1 :]), sys.stdout, separators=(",", ":"), sort_keys=True)
        sys.stdout.write("\n")
        return
    names = sorted(n for n in dir(applications) if n[0].isupper() and callable(getattr(applications, n)))
    names = [n for n in names if n not in LEFT_OUT and inspect.isfunction(getattr(applications, n))]
    if "--only" in sys.argv:
        wanted = sys.argv[sys.argv.index("--only") + 1].split(",")
        names = [n for n in names if n in wanted]
    what = fixture if "--fixture" in sys.argv else measure
    out = {
        "generatedBy": "tools/extract-keras-backbone-layers.py",
        "kerasVersion": keras.__version__,
        "backbones": {name: what(name) for name in names},
    }
    json.dump(out, sys.stdout, separators=(",", ":"), sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
