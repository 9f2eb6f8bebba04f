#!/usr/bin/python3
"""Records what PyTorch's nn.Module machinery shows for a few module trees.

For each tree: repr(model), the state_dict keys and shapes in order, the named_modules names, and
the exact RuntimeError text of a strict load_state_dict with one key missing, one unexpected and
one of the wrong size. The Java ModuleTest checks torch-parity's Module against this file.
Run with Debian's PyTorch: /usr/bin/python3 src/test/resources/modules/generate_module_facts.py
"""
import json
import os
from collections import OrderedDict

import torch
from torch import nn

# Each tree in the case format's shape (module, args, children), built below in PyTorch.
TREES = [
    {"module": "Sequential", "args": {}, "children": [
        {"name": "0", "module": "Conv1d", "args": {"in_channels": 1, "out_channels": 2, "kernel_size": 3}},
        {"name": "1", "module": "ReLU", "args": {}},
        {"name": "2", "module": "Conv1d", "args": {"in_channels": 2, "out_channels": 1, "kernel_size": 1, "bias": False}},
    ]},
    {"module": "Sequential", "args": {}, "children": [
        {"name": "enc", "module": "Sequential", "args": {}, "children": [
            {"name": "0", "module": "Conv1d", "args": {"in_channels": 2, "out_channels": 4, "kernel_size": 3, "padding": 1}},
            {"name": "1", "module": "ReLU", "args": {"inplace": True}},
        ]},
        {"name": "dec", "module": "ConvTranspose1d", "args": {"in_channels": 4, "out_channels": 2, "kernel_size": 2, "stride": 2}},
    ]},
    {"module": "Sequential", "args": {}, "children": []},
    {"module": "ReLU", "args": {}},
]

CLASSES = {"Conv1d": nn.Conv1d, "ConvTranspose1d": nn.ConvTranspose1d, "ReLU": nn.ReLU}


def build(node):
    if node["module"] == "Sequential":
        return nn.Sequential(OrderedDict((c["name"], build(c)) for c in node.get("children", [])))
    return CLASSES[node["module"]](**node["args"])


def bad_state(model):
    """A state dict with the first key missing, an extra key, and the last key one larger."""
    state = OrderedDict((k, v.clone()) for k, v in model.state_dict().items())
    if not state:
        return None, None
    keys = list(state)
    del state[keys[0]]
    state["extra.weight"] = torch.zeros(1)
    if len(keys) > 1:
        last = keys[-1]
        state[last] = torch.zeros(*[d + 1 for d in state[last].shape])
    try:
        model.load_state_dict(state)
    except RuntimeError as e:
        return state, str(e)
    raise AssertionError("PyTorch accepted the bad state dict")


def main():
    facts = []
    for tree in TREES:
        model = build(tree)
        state, error = bad_state(model)
        facts.append({
            "tree": tree,
            "repr": repr(model),
            "state_dict": [[k, list(v.shape)] for k, v in model.state_dict().items()],
            "named_modules": [name for name, _ in model.named_modules()],
            "bad_state": None if state is None else [[k, list(v.shape)] for k, v in state.items()],
            "load_error": error,
        })
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "module_facts.json")
    with open(out, "w") as f:
        json.dump({"torch_version": torch.__version__, "facts": facts}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(facts)} trees to {out}")


if __name__ == "__main__":
    main()
