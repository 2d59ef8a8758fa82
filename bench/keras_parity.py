"""Trains Model Doctor's model specs in real Keras, for the parity benchmark.

Reads a JSON job written by bench/parity.ts (model specs with Keras layer names
and arguments, the synthetic data and each variant's encoded labels), builds
each spec with keras.layers, trains it like the trainer does (same batch size,
epochs, validation data) and writes back the history, the validation
predictions and the seconds per epoch. Usage: python keras_parity.py JOB.json OUT.json
"""
import base64
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import keras  # noqa: E402


def array(blob):
    return np.frombuffer(base64.b64decode(blob["data"]), dtype=np.float32).reshape(blob["shape"])


def make_layer(layer_type, config):
    config = dict(config)
    if "layer" in config:
        inner_type, inner_config = config["layer"]
        config["layer"] = make_layer(inner_type, inner_config)
    return getattr(keras.layers, layer_type)(**config)


def build(spec):
    tensors = {}
    inputs = []
    for i in spec["inputs"]:
        t = keras.Input(shape=tuple(i["shape"]))
        tensors[i["id"]] = t
        inputs.append(t)
    for node in spec["nodes"]:
        layer = make_layer(node["type"], node["config"])
        args = [tensors[i] for i in node["inputs"]]
        tensors[node["id"]] = layer(args[0] if len(args) == 1 else args)
    return keras.Model(inputs, [tensors[o] for o in spec["outputs"]][0])


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


class EpochTimer(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.model.epoch_seconds.append(time.perf_counter() - self.start)


def run(job):
    keras.utils.set_random_seed(job["seed"])
    x, xv = array(job["x"]), array(job["xv"])
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
            model = build(spec)
            for layer in model.layers:  # as the user's adapt() would, on the (synthetic) training inputs
                if isinstance(layer, keras.layers.Normalization) and getattr(layer, "input_mean", None) is None:
                    layer.adapt(x)
            classification = job["task"] == "classification"
            model.compile(optimizer=optimizer_of(spec), loss=loss_of(spec), metrics=["accuracy"] if classification else [])
            model.epoch_seconds = []
            y, yv = array(variant["y"]), array(variant["yv"])
            initial = [w.numpy().copy() for w in model.trainable_weights]
            history = model.fit(x, y, batch_size=spec["batchSize"], epochs=job["epochs"], validation_data=(xv, yv), shuffle=True, verbose=0, callbacks=[EpochTimer()])
            h = history.history
            out["history"] = {k: [float(v) for v in h.get(k, [])] for k in ["loss", "accuracy", "val_loss", "val_accuracy"]}
            out["predictions"] = model.predict(xv, batch_size=256, verbose=0).reshape(len(xv), -1).tolist()
            # The first epoch includes tracing the training function: report the rest.
            out["epoch_seconds"] = model.epoch_seconds
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
