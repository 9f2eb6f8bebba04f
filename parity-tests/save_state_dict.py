#!/usr/bin/python3
"""Saves a small PyTorch model's state dict for torch-parity's state-dict tests.

Run with Debian's PyTorch (apt-get install -y python3-torch):
    /usr/bin/python3 parity-tests/save_state_dict.py

Writes into parity-tests/state_dicts/:
  encoder.npz            np.savez of the model's state dict (keys like encoder.conv1.weight)
  encoder.safetensors    the same tensors as safetensors; written by the safetensors package
                         when it is installed, else by the few lines below that follow the
                         published format (8-byte little-endian header length, JSON header,
                         raw little-endian data)
  encoder_conv1.json     torch-parity-case/2: encoder.conv1 (Conv1d) on a fixed input
  encoder_conv2.json     torch-parity-case/2: encoder.conv2 (ConvTranspose1d) on conv1's output
The Java test loads each layer from the files with the prefix "encoder.convN." and must
reproduce the outputs recorded in the two case files (whose "state" holds the same tensors
inline, under the layer's own keys "weight" and "bias").

encoder.npz is rewritten only when its tensors change: np.savez stamps the zip entries with the
current time, so rewriting identical tensors would still change the file's bytes.
"""
import json
import os
import struct

import numpy as np
import torch
from torch import nn

from caselib import FORMAT2, dump_case, enc

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "state_dicts")


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(3, 4, 3, padding=1, padding_mode="reflect")
        self.conv2 = nn.ConvTranspose1d(4, 2, 3, stride=2, output_padding=1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()


def case(name, module_name, args, layer, x, y):
    return {
        "format": FORMAT2,
        "name": name,
        "source": "parity-tests/save_state_dict.py: layer %s of a model whose state dict is in "
        "encoder.npz / encoder.safetensors" % name,
        "torch_version": torch.__version__,
        "module": module_name,
        "args": args,
        "dtype": "float32",
        "state": {k: enc(v, "float32") for k, v in layer.state_dict().items()},
        "input": enc(x, "float32"),
        "output": enc(y, "float32"),
    }


def write_npz(path, state):
    arrays = {k: v.numpy() for k, v in state.items()}
    if os.path.exists(path):
        with np.load(path) as old:
            if list(old.keys()) == list(arrays) and all(
                    old[k].dtype == a.dtype and np.array_equal(old[k], a)
                    for k, a in arrays.items()):
                return "kept (same tensors)"
    np.savez(path, **arrays)
    return "written"


def write_safetensors(path, tensors):
    try:
        from safetensors.torch import save_file

        save_file(tensors, path)
        return "safetensors package"
    except ImportError:
        pass
    header, blobs, offset = {}, [], 0
    for key, t in tensors.items():
        data = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[key] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)  # the format pads the header to 8 bytes with spaces
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)
    return "format-following writer in this script"


def main():
    os.makedirs(HERE, exist_ok=True)
    torch.manual_seed(20261124)
    model = Model()
    state = model.state_dict()
    npz = write_npz(os.path.join(HERE, "encoder.npz"), state)
    how = write_safetensors(os.path.join(HERE, "encoder.safetensors"), dict(state))

    x = torch.randn(2, 3, 7)
    with torch.no_grad():
        h = model.encoder.conv1(x)
        y = model.encoder.conv2(h)
    cases = [
        case("encoder_conv1", "Conv1d",
             {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "padding": 1,
              "padding_mode": "reflect"}, model.encoder.conv1, x, h),
        case("encoder_conv2", "ConvTranspose1d",
             {"in_channels": 4, "out_channels": 2, "kernel_size": 3, "stride": 2,
              "output_padding": 1}, model.encoder.conv2, h, y),
    ]
    for c in cases:
        with open(os.path.join(HERE, c["name"] + ".json"), "w", encoding="utf-8",
                  newline="\n") as f:
            f.write(dump_case(c))
    print("wrote", sorted(os.listdir(HERE)), "keys", list(state), "npz", npz, "safetensors by",
          how)


if __name__ == "__main__":
    main()
