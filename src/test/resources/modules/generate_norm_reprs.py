#!/usr/bin/python3
"""Records repr(module) and the state_dict keys, shapes and dtypes of normalisation modules.

The Java NormTest builds each module from the same arguments and compares. Run with Debian's
PyTorch: /usr/bin/python3 src/test/resources/modules/generate_norm_reprs.py
"""
import json
import os

import torch
from torch import nn

MODULES = [
    ("BatchNorm1d", {"num_features": 3}),
    ("BatchNorm1d", {"num_features": 4, "eps": 0.001, "momentum": None, "affine": False}),
    ("BatchNorm1d", {"num_features": 2, "eps": 1.5e-07, "momentum": 0.25,
                     "track_running_stats": False}),
    ("BatchNorm1d", {"num_features": 5, "eps": 0.1, "momentum": 1.0, "affine": False,
                     "track_running_stats": False}),
    ("BatchNorm1d", {"num_features": 1, "eps": 1e-12, "momentum": 0.0001}),
    ("InstanceNorm1d", {"num_features": 3}),
    ("InstanceNorm1d", {"num_features": 2, "eps": 0.01, "momentum": None, "affine": True}),
    ("InstanceNorm1d", {"num_features": 4, "momentum": 0.5, "track_running_stats": True}),
    ("InstanceNorm1d", {"num_features": 4, "affine": True, "track_running_stats": True}),
    ("GroupNorm", {"num_groups": 2, "num_channels": 4}),
    ("GroupNorm", {"num_groups": 1, "num_channels": 3, "eps": 2.0, "affine": False}),
    ("GroupNorm", {"num_groups": 3, "num_channels": 6, "eps": 1e-06}),
    ("LayerNorm", {"normalized_shape": 5}),
    ("LayerNorm", {"normalized_shape": [2, 5], "eps": 1e-06, "elementwise_affine": False}),
    ("LayerNorm", {"normalized_shape": [3], "eps": 1e-12}),
    ("LayerNorm", {"normalized_shape": [], "eps": 12345678.0}),
    ("LayerNorm", {"normalized_shape": [4, 1, 2], "eps": 1e16}),
]


def main():
    facts = []
    for name, args in MODULES:
        m = getattr(nn, name)(**args)
        facts.append({
            "module": name,
            "args": args,
            "repr": repr(m),
            "state_dict": [[k, list(v.shape), str(v.dtype).replace("torch.", "")]
                           for k, v in m.state_dict().items()],
        })
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "norm_reprs.json")
    with open(out, "w") as f:
        json.dump({"torch_version": torch.__version__, "facts": facts}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
