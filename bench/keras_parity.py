"""Trains Model Doctor's model specs in real Keras, for the parity benchmark.

Reads a JSON job written by bench/parity.ts (model specs with Keras layer names
and arguments, the synthetic data, each variant's encoded labels and the initial
weights the trainer gave it), builds each spec with keras.layers, starts it
from the same weights, and measures what the trainer's probe measures on the
same probe batch: before training and after every epoch, each layer's gradient
norm (GradientTape, inference mode, the compiled loss) and weight norm, dead
ReLU units, saturated sigmoid/tanh/softmax outputs, NaN/Inf. Trains it like the
trainer does (same batch size, epochs, validation data) and writes back the
history, the validation predictions after every epoch, the probes and the
seconds per epoch. Usage: python keras_parity.py JOB.json OUT.json
"""
import base64
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

SATURATION = 0.99


def array(blob):
    return np.frombuffer(base64.b64decode(blob["data"]), dtype=np.float32).reshape(blob["shape"])


def make_layer(layer_type, config):
    config = dict(config)
    if "layer" in config:
        inner_type, inner_config = config["layer"]
        config["layer"] = make_layer(inner_type, inner_config)
    return getattr(keras.layers, layer_type)(**config)


def build(spec):
    """The model, its layers and every node's output by spec node id."""
    tensors = {}
    layers = {}
    inputs = []
    for i in spec["inputs"]:
        t = keras.Input(shape=tuple(i["shape"]))
        tensors[i["id"]] = t
        inputs.append(t)
    for node in spec["nodes"]:
        layer = make_layer(node["type"], node["config"])
        args = [tensors[i] for i in node["inputs"]]
        tensors[node["id"]] = layer(args[0] if len(args) == 1 else args)
        layers[node["id"]] = layer
    output = [tensors[o] for o in spec["outputs"]][0]
    model = keras.Model(inputs, output)
    node_ids = [n["id"] for n in spec["nodes"]]
    probe_model = keras.Model(inputs, [output] + [tensors[i] for i in node_ids])
    return model, probe_model, layers, node_ids


LOSSES = {
    "binary_crossentropy": keras.losses.BinaryCrossentropy,
    "categorical_crossentropy": keras.losses.CategoricalCrossentropy,
    "sparse_categorical_crossentropy": keras.losses.SparseCategoricalCrossentropy,
}


def loss_of(spec):
    loss = spec["loss"]
    if loss["id"] in LOSSES:
        kwargs = {"from_logits": loss["fromLogits"]}
        if loss.get("labelSmoothing") and loss["id"] != "sparse_categorical_crossentropy":
            kwargs["label_smoothing"] = loss["labelSmoothing"]
        return LOSSES[loss["id"]](**kwargs)
    return keras.losses.get(loss["id"])


def optimizer_of(spec):
    opt = spec["optimizer"]
    return keras.optimizers.get({"class_name": opt["id"], "config": {"learning_rate": float(opt["learningRate"]), **opt["config"]}})


def set_initial_weights(layers, weights):
    """The trainer's initial weights, layer by layer where the shapes match; the ids of the layers that kept Keras's own."""
    kept = []
    for node_id, blobs in weights.items():
        layer = layers.get(node_id)
        if layer is None:
            continue
        arrays = [array(b) for b in blobs]
        current = layer.get_weights()
        if len(current) != len(arrays) or any(c.shape != a.shape for c, a in zip(current, arrays)):
            kept.append(node_id)
            continue
        layer.set_weights(arrays)
    return kept


def probe(model, probe_model, layers, node_ids, watched, x, y):
    """The trainer's probe (src/trainer/tfjs/probe.ts) in Keras: per node id, gradient and weight norms and activation statistics."""
    variables = {i: layers[i].trainable_weights for i in node_ids}
    flat = [v for i in node_ids for v in variables[i]]
    with tf.GradientTape() as tape:
        outs = probe_model(x, training=False)
        loss = model.compute_loss(x=x, y=y, y_pred=outs[0], training=False)
    grads = tape.gradient(loss, flat) if flat else []
    # Embeddings get sparse gradients (IndexedSlices): their norm is that of the dense tensor.
    by_var = {id(v): (None if g is None else tf.convert_to_tensor(g)) for v, g in zip(flat, grads)}
    result = {}
    for k, node_id in enumerate(node_ids):
        out = outs[k + 1].numpy()
        stats = {}
        if not np.all(np.isfinite(out)):
            stats["nonFinite"] = True
        kind = watched.get(node_id)
        if kind == "relu":
            peak = out.reshape(-1, out.shape[-1]).max(axis=0)
            stats["dead"] = float(np.mean(peak <= 0))
            stats["units"] = int(out.shape[-1])
        elif kind == "sigmoid":
            stats["saturated"] = float(np.mean((out < 1 - SATURATION) | (out > SATURATION)))
        elif kind == "tanh":
            stats["saturated"] = float(np.mean(np.abs(out) > SATURATION))
        elif kind == "softmax":
            stats["saturated"] = float(np.mean(out.max(axis=-1) > SATURATION))
        if variables[node_id]:
            g2 = sum(float(np.sum(np.square(by_var[id(v)].numpy()))) for v in variables[node_id] if by_var[id(v)] is not None)
            w2 = sum(float(np.sum(np.square(v.numpy()))) for v in variables[node_id])
            stats["grad"] = float(np.sqrt(g2))
            stats["weight"] = float(np.sqrt(w2))
        result[node_id] = stats
    return result


class Watch(keras.callbacks.Callback):
    """After every epoch: its seconds, the probe, and the validation predictions."""

    def __init__(self, measure, xv):
        super().__init__()
        self.measure = measure
        self.xv = xv
        self.seconds = []
        self.probes = []
        self.predictions = []

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.start)
        self.probes.append(self.measure())
        self.predictions.append(self.model.predict(self.xv, batch_size=256, verbose=0).reshape(len(self.xv), -1).tolist())


def run(job):
    keras.utils.set_random_seed(job["seed"])
    x, xv = array(job["x"]), array(job["xv"])
    n = job["probe_n"]
    results = []
    for variant in job["variants"]:
        spec = variant["spec"]
        out = {"label": variant["label"]}
        check = variant.get("reject_check")
        if check:  # the trainer says Keras refuses this name: let Keras say so
            getter = {"loss": keras.losses.get, "activation": keras.activations.get, "optimizer": keras.optimizers.get, "metric": keras.metrics.get}[check["kind"]]
            try:
                getter(check["name"])
                out["error"] = None
                out["accepted"] = True
            except Exception as e:
                out["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"
            results.append(out)
            continue
        try:
            model, probe_model, layers, node_ids = build(spec)
            out["weights_kept"] = set_initial_weights(layers, variant.get("weights", {}))
            for layer in model.layers:  # as the user's adapt() would, on the (synthetic) training inputs
                if isinstance(layer, keras.layers.Normalization) and getattr(layer, "input_mean", None) is None:
                    layer.adapt(x)
            classification = job["task"] == "classification"
            model.compile(optimizer=optimizer_of(spec), loss=loss_of(spec), metrics=["accuracy"] if classification else [])
            y, yv = array(variant["y"]), array(variant["yv"])
            watched = variant["watched"]
            measure = lambda: probe(model, probe_model, layers, node_ids, watched, x[:n], y[:n])  # noqa: E731
            initial_probe = measure()
            initial = [w.numpy().copy() for w in model.trainable_weights]
            watch = Watch(measure, xv)
            history = model.fit(x, y, batch_size=spec["batchSize"], epochs=job["epochs"], validation_data=(xv, yv), shuffle=True, verbose=0, callbacks=[watch])
            h = history.history
            out["history"] = {k: [float(v) for v in h.get(k, [])] for k in ["loss", "accuracy", "val_loss", "val_accuracy"]}
            out["predictions"] = watch.predictions[-1] if watch.predictions else []
            out["predictions_by_epoch"] = watch.predictions
            out["probes"] = [initial_probe] + watch.probes
            # The first epoch includes tracing the training function: report the rest.
            out["epoch_seconds"] = watch.seconds
            out["weights_unchanged"] = all(np.array_equal(a, w.numpy()) for a, w in zip(initial, model.trainable_weights))
        except Exception as e:  # a shape error Keras raises before training is a result, not a crash
            out["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"
        results.append(out)
    return {"keras": keras.__version__, "backend": keras.backend.backend(), "runs": results}


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        job = json.load(f)
    result = run(job)
    with open(sys.argv[2], "w") as f:
        json.dump(result, f, allow_nan=True)
