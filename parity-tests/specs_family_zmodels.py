"""Whole-model cases: small versions of the 1-D architectures the layer family exists for, each
an ``nn.Sequential`` tree that ``check`` rebuilds from ``module``/``args``/``children`` and replays
end to end, with input and parameter gradients. The models' own forward code is a chain; models
whose forward is not (a residual add, a U-Net concatenation) are the Java examples' business (see
``custom_forward.py``). Sizes are cut down so that a case stays small; the architecture is kept.
"""
from specs_conv import spec
from specs_v2 import child, seq


def _randomise_norm_buffers(m, torch):
    """Non-trivial running statistics for every BatchNorm/InstanceNorm with tracked stats (a
    fresh module holds zeros and ones, which would hide a mix-up of mean and variance)."""
    touched = 0
    for mod in m.modules():
        if getattr(mod, "track_running_stats", False) and mod.running_mean is not None:
            mod.running_mean.copy_(torch.randn(mod.running_mean.shape) * 0.5)
            mod.running_var.copy_(torch.rand(mod.running_var.shape) + 0.5)
            touched += 1
    return (f"running_mean = 0.5 * randn, running_var = rand + 0.5 on {touched} norm layer(s), "
            "drawn after the parameters") if touched else None


def m5(num_classes=10):
    """M5-style audio classifier (Dai et al. 2017), channels cut to 8/16."""
    return seq(
        ("Conv1d", {"in_channels": 1, "out_channels": 8, "kernel_size": 80, "stride": 16}),
        ("BatchNorm1d", {"num_features": 8}), ("ReLU", {}), ("MaxPool1d", {"kernel_size": 4}),
        ("Conv1d", {"in_channels": 8, "out_channels": 8, "kernel_size": 3}),
        ("BatchNorm1d", {"num_features": 8}), ("ReLU", {}), ("MaxPool1d", {"kernel_size": 4}),
        ("Conv1d", {"in_channels": 8, "out_channels": 16, "kernel_size": 3}),
        ("BatchNorm1d", {"num_features": 16}), ("ReLU", {}), ("MaxPool1d", {"kernel_size": 4}),
        ("AdaptiveAvgPool1d", {"output_size": 1}), ("Flatten", {}),
        ("Linear", {"in_features": 16, "out_features": num_classes}), ("LogSoftmax", {"dim": 1}))


def wav2vec2_encoder():
    """wav2vec2's feature encoder: Conv1d (no bias) + GroupNorm + GELU, then Conv1d + GELU."""
    return seq(
        ("Conv1d", {"in_channels": 1, "out_channels": 16, "kernel_size": 10, "stride": 5,
                    "bias": False}),
        ("GroupNorm", {"num_groups": 16, "num_channels": 16}), ("GELU", {}),
        ("Conv1d", {"in_channels": 16, "out_channels": 16, "kernel_size": 3, "stride": 2,
                    "bias": False}), ("GELU", {}),
        ("Conv1d", {"in_channels": 16, "out_channels": 16, "kernel_size": 2, "stride": 2,
                    "bias": False}), ("GELU", {}))


def conv_tasnet():
    """Conv-TasNet-style: a Conv1d encoder, a depthwise dilated block with PReLU and global layer
    norm (GroupNorm with one group), a sigmoid mask layer and a ConvTranspose1d decoder."""
    return seq(
        ("Conv1d", {"in_channels": 1, "out_channels": 16, "kernel_size": 16, "stride": 8,
                    "bias": False}), ("ReLU", {}),
        ("GroupNorm", {"num_groups": 1, "num_channels": 16}),
        ("Conv1d", {"in_channels": 16, "out_channels": 32, "kernel_size": 1}), ("PReLU", {}),
        ("GroupNorm", {"num_groups": 1, "num_channels": 32, "eps": 1e-8}),
        ("Conv1d", {"in_channels": 32, "out_channels": 32, "kernel_size": 3, "dilation": 2,
                    "padding": 2, "groups": 32}), ("PReLU", {"num_parameters": 32}),
        ("Conv1d", {"in_channels": 32, "out_channels": 16, "kernel_size": 1}), ("Sigmoid", {}),
        ("ConvTranspose1d", {"in_channels": 16, "out_channels": 1, "kernel_size": 16,
                             "stride": 8, "bias": False}))


def tcn():
    """A temporal convolutional network: causal dilated convolutions (left padding only),
    ReLU, dropout (eval: identity) and a 1x1 head."""
    return seq(
        ("ConstantPad1d", {"padding": [4, 0], "value": 0.0}),
        ("Conv1d", {"in_channels": 4, "out_channels": 8, "kernel_size": 3, "dilation": 2}),
        ("ReLU", {}), ("Dropout", {"p": 0.2}),
        ("ReplicationPad1d", {"padding": [8, 0]}),
        ("Conv1d", {"in_channels": 8, "out_channels": 8, "kernel_size": 3, "dilation": 4}),
        ("Softplus", {"beta": 2.0}), ("Dropout", {"p": 0.2}),
        ("Conv1d", {"in_channels": 8, "out_channels": 2, "kernel_size": 1}))


def unet_chain():
    """A 1-D U-Net's path without its skips (those need a custom forward): down with average
    pooling, up with linear upsampling and a transposed convolution."""
    return seq(
        ("Conv1d", {"in_channels": 2, "out_channels": 8, "kernel_size": 3, "padding": 1}),
        ("InstanceNorm1d", {"num_features": 8, "affine": True}),
        ("LeakyReLU", {"negative_slope": 0.1}), ("AvgPool1d", {"kernel_size": 2}),
        ("Conv1d", {"in_channels": 8, "out_channels": 16, "kernel_size": 3, "padding": 1}),
        ("ELU", {}),
        ("Upsample", {"scale_factor": 2.0, "mode": "linear", "align_corners": False}),
        ("Conv1d", {"in_channels": 16, "out_channels": 8, "kernel_size": 3, "padding": 1,
                    "padding_mode": "reflect"}), ("Hardtanh", {}),
        ("ConvTranspose1d", {"in_channels": 8, "out_channels": 2, "kernel_size": 4, "stride": 2,
                             "padding": 1}))


def text_classifier(length=6):
    """A text classifier over embeddings: Embedding, flattened, an MLP head with LayerNorm."""
    return seq(
        ("Embedding", {"num_embeddings": 50, "embedding_dim": 8, "padding_idx": 0}),
        ("Flatten", {}), ("Linear", {"in_features": 8 * length, "out_features": 16}),
        ("LayerNorm", {"normalized_shape": [16]}), ("SiLU", {}), ("Dropout", {"p": 0.1}),
        ("Linear", {"in_features": 16, "out_features": 4}), ("Softmax", {"dim": -1}))


def residual_free_mlp():
    """A time-series head with named, nested children: features then a classifier."""
    features = seq(
        ("Conv1d", {"in_channels": 3, "out_channels": 6, "kernel_size": 5, "padding": 2}),
        ("BatchNorm1d", {"num_features": 6}), ("Mish", {}),
        ("MaxPool1d", {"kernel_size": 3, "stride": 2, "padding": 1}),
        ("Conv1d", {"in_channels": 6, "out_channels": 6, "kernel_size": 3}), ("Hardswish", {}),
        ("AdaptiveMaxPool1d", {"output_size": 2}))
    head = seq(("Flatten", {}), ("Linear", {"in_features": 12, "out_features": 8}),
               ("Tanh", {}), ("Linear", {"in_features": 8, "out_features": 3}))
    return [child("features", "Sequential", {}, features), child("head", "Sequential", {}, head)]


# Every tensor but state_after lives in one safetensors file beside its case (binary, exact).
EXTERNAL_SLOTS = ("state", "grads", "input", "output", "grad_output", "grad_input")

MODELS = [
    # name, children, input shape, what it is
    ("audio_m5", m5(), [2, 1, 2000], "M5-style audio classifier"),
    ("wav2vec2_encoder", wav2vec2_encoder(), [2, 1, 400], "wav2vec2-style feature encoder"),
    ("conv_tasnet", conv_tasnet(), [2, 1, 256], "Conv-TasNet-style separation chain"),
    ("tcn", tcn(), [3, 4, 32], "causal dilated TCN"),
    ("unet_chain", unet_chain(), [2, 2, 32], "1-D U-Net path (no skips)"),
    ("time_series_named", residual_free_mlp(), [4, 3, 20], "named nested time-series classifier"),
]


def groups():
    out = []

    def model(name, children, shape, note, **extra):
        out.append(spec(name, "Sequential", {}, extra.pop("dtype", "float32"), shape, note,
                        children=children, prepare=_randomise_norm_buffers,
                        external={slot: name + ".safetensors" for slot in EXTERNAL_SLOTS},
                        **extra))

    for name, children, shape, note in MODELS:
        model(f"model_{name}_eval_f32", children, shape, f"{note}, eval mode", training=False)
        model(f"model_{name}_eval_f64", children, shape, f"{note}, eval mode, float64",
              training=False, dtype="float64")
        out.append(spec(f"model_{name}_init_seed7_f32", "Sequential", {}, "float32", None,
                        f"{note}: torch.manual_seed(7) then the whole tree built in order",
                        children=children, init_seed=7))
    # Training mode where it differs (BatchNorm uses batch statistics and updates its buffers);
    # models with Dropout stay in eval mode (their masks are a random draw: see the pad family).
    for name, children, shape, note in MODELS:
        if name in ("audio_m5", "time_series_named", "wav2vec2_encoder", "conv_tasnet",
                    "unet_chain"):
            model(f"model_{name}_train_f32", children, shape,
                  f"{note}, training mode (batch statistics, buffers after the call recorded)",
                  state_after=True)
    model("model_text_classifier_eval_f32", text_classifier(), [3, 6],
          "text classifier over embeddings (int64 token ids; no grad_input)",
          training=False, input_ints=[0, 50])
    model("model_text_classifier_eval_f64", text_classifier(), [3, 6],
          "text classifier over embeddings, float64", training=False, input_ints=[0, 50],
          dtype="float64")
    return {"models": out}
