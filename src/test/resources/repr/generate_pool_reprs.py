#!/usr/bin/python3
"""Records PyTorch's repr of the 1-D pooling modules for a set of keyword arguments.

PoolTest checks that each spec's repr() prints what PyTorch prints. Run with Debian's PyTorch:
/usr/bin/python3 src/test/resources/repr/generate_pool_reprs.py  (writes pool_reprs.json beside it)
"""
import json
import os

import torch
from torch import nn

CONFIGS = [
    ("MaxPool1d", {"kernel_size": 2}),
    ("MaxPool1d", {"kernel_size": 3, "stride": 1, "padding": 1, "dilation": 2,
                   "ceil_mode": True}),
    ("MaxPool1d", {"kernel_size": 2, "return_indices": True}),
    ("MaxPool1d", {"kernel_size": [3]}),
    ("MaxPool1d", {"kernel_size": [3], "stride": [2], "padding": [1], "dilation": [2]}),
    ("MaxPool1d", {"kernel_size": 4, "stride": None}),
    ("AvgPool1d", {"kernel_size": 2}),
    ("AvgPool1d", {"kernel_size": 3, "stride": 1, "padding": 1, "ceil_mode": True,
                   "count_include_pad": False}),
    ("AvgPool1d", {"kernel_size": [3], "stride": [2], "padding": [1]}),
    ("AdaptiveAvgPool1d", {"output_size": 3}),
    ("AdaptiveAvgPool1d", {"output_size": [5]}),
    ("AdaptiveMaxPool1d", {"output_size": 3}),
    ("AdaptiveMaxPool1d", {"output_size": [1], "return_indices": True}),
    ("LPPool1d", {"norm_type": 2, "kernel_size": 3}),
    ("LPPool1d", {"norm_type": 2.0, "kernel_size": 3, "stride": 2, "ceil_mode": True}),
    ("LPPool1d", {"norm_type": 1.5, "kernel_size": 2, "stride": [1]}),
    ("LPPool1d", {"norm_type": 1e-05, "kernel_size": 2}),
    ("LPPool1d", {"norm_type": 12345678901234567.0, "kernel_size": 2}),
    ("LPPool1d", {"norm_type": -3, "kernel_size": 1}),
]


def main():
    cases = [{"module": module, "args": args, "repr": repr(getattr(nn, module)(**args))}
             for module, args in CONFIGS]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pool_reprs.json")
    with open(out, "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} reprs to {out}")


if __name__ == "__main__":
    main()
