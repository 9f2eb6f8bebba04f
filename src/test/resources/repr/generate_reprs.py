#!/usr/bin/python3
"""Records PyTorch's repr of Conv1d / ConvTranspose1d modules for a set of argument lists.

The Java tests check that ConvSpec.toString() prints what PyTorch prints. Run with Debian's
PyTorch: /usr/bin/python3 src/test/resources/repr/generate_reprs.py  (writes src/test/resources/repr/reprs.json)
"""
import json
import os

import torch
from torch import nn

MODULES = {"Conv1d": nn.Conv1d, "ConvTranspose1d": nn.ConvTranspose1d}

# (module, positional in/out/kernel, keyword arguments)
CONFIGS = [
    ("Conv1d", (1, 1, 2), {}),
    ("Conv1d", (2, 1, 2), {}),
    ("Conv1d", (4, 8, 3), {"stride": 2, "padding": 1}),
    ("Conv1d", (4, 8, 3), {"padding": "same"}),
    ("Conv1d", (4, 8, 3), {"padding": "valid"}),
    ("Conv1d", (4, 8, 3), {"dilation": 2, "groups": 4}),
    ("Conv1d", (4, 8, 3), {"bias": False}),
    ("Conv1d", (4, 8, 3), {"padding": 2, "padding_mode": "reflect"}),
    ("Conv1d", (4, 8, 3), {"padding": 2, "padding_mode": "replicate"}),
    ("Conv1d", (4, 8, 3), {"padding": "same", "padding_mode": "circular", "dilation": 3}),
    ("Conv1d", (6, 6, 5), {"stride": 3, "padding": 4, "dilation": 2, "groups": 6, "bias": False,
                            "padding_mode": "circular"}),
    ("ConvTranspose1d", (2, 4, 3), {}),
    ("ConvTranspose1d", (2, 4, 3), {"stride": 2, "padding": 1, "output_padding": 1}),
    ("ConvTranspose1d", (4, 4, 3), {"groups": 2, "dilation": 2, "bias": False}),
    ("ConvTranspose1d", (4, 2, 2), {"stride": 1, "dilation": 3, "output_padding": 2}),
]


def main():
    cases = []
    for module, (cin, cout, k), kwargs in CONFIGS:
        m = MODULES[module](cin, cout, k, **kwargs)
        args = {"in_channels": cin, "out_channels": cout, "kernel_size": k, **kwargs}
        cases.append({"module": module, "args": args, "repr": repr(m)})
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reprs.json")
    with open(out, "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} reprs to {out}")


if __name__ == "__main__":
    main()
