#!/usr/bin/python3
"""PyTorch's numbers for the models whose forward is not a chain, which a JVM user writes as a
Java ``Module`` subclass (``org.torchparity.examples.ResidualBlock``, ``TinyUNet`` and
``TextCnn``). Run with Debian's PyTorch:

    /usr/bin/python3 parity-tests/custom_forward.py

For each model it writes into ``src/test/resources/custom-forward/``:
  <name>.safetensors   the state dict (PyTorch's keys) after torch.manual_seed(<seed>) and
                       construction, the input, the output, grad_output, grad_input and each
                       parameter's gradient under "grad.<key>"; buffers are randomised first
The Java examples' test builds the same modules, loads the state dict from this file and must
reproduce the output and every gradient within torch.testing.assert_close's float32 tolerance;
it also checks that seeding torch-parity's generator the same way draws this state bit for bit.
"""
import json
import os
import struct
from collections import OrderedDict

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "src", "test", "resources", "custom-forward")


class ResidualBlock(nn.Module):
    """conv-bn-relu-conv-bn, plus the input (a residual add), then relu."""

    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv1d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm1d(channels)
        self.conv2 = nn.Conv1d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm1d(channels)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + x)


class TinyUNet(nn.Module):
    """One level of a 1-D U-Net: down, bottom, up, and the skip concatenated on channels."""

    def __init__(self):
        super().__init__()
        self.down = nn.Conv1d(2, 8, 3, padding=1)
        self.pool = nn.MaxPool1d(2)
        self.bottom = nn.Conv1d(8, 8, 3, padding=1)
        self.up = nn.ConvTranspose1d(8, 8, 2, stride=2)
        self.out = nn.Conv1d(16, 2, 1)

    def forward(self, x):
        skip = torch.relu(self.down(x))
        y = torch.relu(self.bottom(self.pool(skip)))
        y = self.up(y)
        return self.out(torch.cat([y, skip], dim=1))


class TextCnn(nn.Module):
    """Kim-style text CNN: embeddings, moved to channels-first, convolved, max over time."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(30, 6, padding_idx=0)
        self.conv = nn.Conv1d(6, 4, 3)
        self.pool = nn.AdaptiveMaxPool1d(1)
        self.fc = nn.Linear(4, 3)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)
        x = torch.relu(self.conv(x))
        return self.fc(self.pool(x).flatten(1))


MODELS = [
    # name, factory, seed, input maker, training
    ("residual_block", lambda: ResidualBlock(4), 11, lambda: torch.randn(2, 4, 12), False),
    ("residual_block_train", lambda: ResidualBlock(4), 11, lambda: torch.randn(2, 4, 12), True),
    ("tiny_unet", TinyUNet, 12, lambda: torch.randn(2, 2, 16), False),
    ("text_cnn", TextCnn, 13, lambda: torch.randint(0, 30, (3, 9)), False),
]


def safetensors_bytes(tensors, metadata):
    names = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
    header, blobs, offset = OrderedDict(), [], 0
    if metadata:
        header["__metadata__"] = metadata
    for key, t in tensors.items():
        data = t.detach().contiguous().numpy().tobytes()
        header[key] = {"dtype": names[t.dtype], "shape": list(t.shape),
                       "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, factory, seed, make_input, training in MODELS:
        torch.manual_seed(seed)
        model = factory()
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, nn.BatchNorm1d):
                    m.running_mean.copy_(torch.randn(m.num_features) * 0.5)
                    m.running_var.copy_(torch.rand(m.num_features) + 0.5)
        model.train(training)
        tensors = OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())
        x = make_input()
        xin = x.clone().requires_grad_(x.is_floating_point())
        y = model(xin)
        go = torch.randn(y.shape)
        y.backward(go)
        tensors["input"] = x
        tensors["output"] = y.detach()
        tensors["grad_output"] = go
        if xin.grad is not None:
            tensors["grad_input"] = xin.grad
        for k, p in model.named_parameters():
            tensors["grad." + k] = p.grad
        if training:
            for k, b in model.named_buffers():
                tensors["after." + k] = b.detach().clone()
        meta = {"model": type(model).__name__, "seed": str(seed), "training": str(training),
                "torch_version": torch.__version__,
                "note": "state: torch.manual_seed(seed), construction, then BatchNorm buffers "
                        "randomised (running_mean 0.5*randn, running_var rand+0.5); input drawn "
                        "next; grad_output = randn after the forward"}
        path = os.path.join(OUT, name + ".safetensors")
        with open(path, "wb") as f:
            f.write(safetensors_bytes(tensors, meta))
        print(f"{name}: {len(tensors)} tensors, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
