#!/usr/bin/python3
"""PyTorch's numbers for torch-parity's DJL blocks (``org.torchparity.djl.TorchParityBlock``).
Run with Debian's PyTorch:

    /usr/bin/python3 parity-tests/djl_block_fixture.py

The Java test builds a DJL ``SequentialBlock`` of

    TorchParityBlock(Sequential(Conv1d(2, 4, 3, padding=1, padding_mode='reflect'),
                                BatchNorm1d(4), GELU()))      state-dict prefix "features."
    Activation.reluBlock()                                    (DJL's own block)
    TorchParityBlock(MaxPool1d(2))
    Blocks.batchFlattenBlock()                                (DJL's own block)
    TorchParityBlock(Linear(32, 3))                           state-dict prefix "head."

and this script builds the same model in PyTorch, DJL's blocks replicated as torch.relu and
nn.Flatten. It writes into ``src/test/resources/djl/``:

  block_model.safetensors  the state dict (keys "features.*" and "head.*"; BatchNorm's running
                           statistics randomised), "input" (4, 2, 16) and "output", the model's
                           eval-mode output (what a DJL Predictor computes)
  sgd_trajectory.safetensors  20 steps of SGD(lr=0.1, momentum=0.9) on one fixed batch
                           ("train_x" (8, 2, 16), "train_y" (8, 3)) from block_model's state, in
                           training mode, loss = DJL's L2Loss = 0.5 * mean((y - t)^2);
                           "loss.<k>" is step k's loss (k = 0..19, before the update) and
                           "step.<k>.<key>" every state-dict entry after update k (k = 1..20)
"""
import json
import os
import struct
from collections import OrderedDict

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "src", "test", "resources", "djl")


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(2, 4, 3, padding=1, padding_mode="reflect"), nn.BatchNorm1d(4), nn.GELU())
        self.pool = nn.MaxPool1d(2)
        self.head = nn.Linear(32, 3)

    def forward(self, x):
        y = torch.relu(self.features(x))  # DJL's Activation.reluBlock()
        y = self.pool(y)
        y = torch.flatten(y, 1)  # DJL's Blocks.batchFlattenBlock()
        return self.head(y)


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


def write(name, tensors, meta):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(safetensors_bytes(tensors, meta))
    print(f"{name}: {len(tensors)} tensors, {os.path.getsize(path)} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(17)
    model = Model()
    with torch.no_grad():
        bn = model.features[1]
        bn.running_mean.copy_(torch.randn(4) * 0.5)
        bn.running_var.copy_(torch.rand(4) + 0.5)
    state = OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())
    x = torch.randn(4, 2, 16)
    model.eval()
    with torch.no_grad():
        y = model(x)
    tensors = OrderedDict(state)
    tensors["input"] = x
    tensors["output"] = y
    meta = {"seed": "17", "torch_version": torch.__version__,
            "note": "eval-mode output of Model (see parity-tests/djl_block_fixture.py)"}
    write("block_model.safetensors", tensors, meta)

    train_x = torch.randn(8, 2, 16)
    train_y = torch.randn(8, 3)
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    traj = OrderedDict(train_x=train_x, train_y=train_y)
    for k in range(20):
        opt.zero_grad()
        loss = 0.5 * ((model(train_x) - train_y) ** 2).mean()
        loss.backward()
        opt.step()
        traj[f"loss.{k}"] = loss.detach().clone()
        for key, v in model.state_dict().items():
            traj[f"step.{k + 1}.{key}"] = v.detach().clone()
    meta = {"seed": "17", "torch_version": torch.__version__,
            "note": "SGD(lr=0.1, momentum=0.9), loss 0.5*mean((y-t)^2), training mode, "
                    "one fixed batch, from block_model.safetensors' state"}
    write("sgd_trajectory.safetensors", traj, meta)


if __name__ == "__main__":
    main()
