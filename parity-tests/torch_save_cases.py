#!/usr/bin/python3
"""Writes torch.save files, and the exact tensors PyTorch holds for them, for torch-parity's
.pt reader tests.

Run with Debian's PyTorch 1.13 (apt-get install -y python3-torch):
    /usr/bin/python3 parity-tests/torch_save_cases.py

Writes into src/test/resources/torch-save/:
  dtypes.pt          an OrderedDict with one tensor per dtype torch-parity reads (float32, float64,
                     float16, bfloat16, int64, int32, int16, int8, uint8, bool), edge values included
                     (-0.0, inf, nan, subnormals, the integer extremes)
  views.pt           slices, a transpose, a permute, a stride-0 expand, a 0-dim element and an empty
                     slice of shared bases: storage offsets and strides as PyTorch saves views
  shared.pt          two tensors viewing one storage, and one tensor under two keys
  checkpoint.pt      {"model": state_dict, "optimizer": Adam's state_dict, "epoch": 3, ...}: read
                     with a key path (model, nested.a.b, optimizer.state.0)
  sequential.pt      a whole model's state_dict (Sequential(Conv1d, ReLU, Conv1d), with _metadata)
  sequential_f64.pt  the same model in float64
  sequential_f16.pt  the same model in float16 (loads into a float32 model only leniently)
  list.pt, tuple.pt  a list and a tuple of tensors
  parameters.pt      nn.Parameter values (torch._utils._rebuild_parameter)
  tensor.pt          one bare tensor
  protocol4.pt       dtypes.pt's tensors saved with pickle_protocol=4 (FRAME, MEMOIZE, ...)
  big_endian.pt      dtypes.pt as a big-endian machine writes it (PyTorch 2.1+): a byteorder record
                     "big" and every storage byte-swapped; built from dtypes.pt by this script
  torch2_layout.pt   dtypes.pt with the records PyTorch 2.x adds (byteorder, .format_version,
                     .storage_alignment, .data/serialization_id); built by this script
  deflated.pt        dtypes.pt with every entry deflated (PyTorch writes stored entries; zip
                     readers, PyTorch's included, accept both)
  expected.json      for each file and key path, each tensor's dtype, shape and the hex of its
                     little-endian bytes in row-major order (what t.contiguous() holds; bfloat16
                     and float16 as their raw 16 bits), and for the dtypes torch-parity tensors do
                     not hold, the bytes of t.float() (how they convert); and the model's
                     output for a fixed input ("forward")

torch.save writes no timestamps, so rerunning gives the same bytes. The hostile files are made by
torch_save_hostile.py.
"""
import collections
import io
import json
import os
import pickle
import sys
import zipfile

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
                   "torch-save")
HELD = {torch.float32, torch.float64, torch.int64, torch.bool}
NAMES = {torch.float32: "float32", torch.float64: "float64", torch.float16: "float16",
         torch.bfloat16: "bfloat16", torch.int64: "int64", torch.int32: "int32",
         torch.int16: "int16", torch.int8: "int8", torch.uint8: "uint8", torch.bool: "bool"}


def raw(t):
    """The little-endian bytes of t in row-major order."""
    t = t.detach().contiguous()
    if t.dtype in (torch.bfloat16, torch.float16):
        t = t.view(torch.int16)
    return t.numpy().tobytes().hex()


def describe(t):
    entry = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "hex": raw(t)}
    if t.dtype not in HELD:
        entry["float32_hex"] = raw(t.float())
    return entry


def tensors_of(value):
    if isinstance(value, torch.Tensor):
        return {"tensor": value}
    if isinstance(value, dict):
        return dict(value)
    return {str(i): t for i, t in enumerate(value)}


def dtype_tensors():
    f32 = torch.tensor([0.0, -0.0, 1.5, -2.25, float("inf"), float("-inf"), float("nan"),
                        1e-45, 3.4028234663852886e38], dtype=torch.float32)
    f64 = torch.tensor([0.0, -0.0, 3.141592653589793, 5e-324, 1.7976931348623157e308,
                        float("-inf"), float("nan")], dtype=torch.float64)
    f16 = torch.tensor([0.0, -0.0, 1.0, -1.0, 65504.0, 2.0 ** -24, float("inf"), float("nan"),
                        0.1], dtype=torch.float16)
    bf16 = torch.tensor([0.0, -0.0, 1.0, 3.140625, 1e38, -1e-38, float("-inf"), float("nan")],
                        dtype=torch.bfloat16)
    return collections.OrderedDict([
        ("float32", f32),
        ("float64", f64),
        ("float16", f16),
        ("bfloat16", bf16),
        ("int64", torch.tensor([-2 ** 63, -1, 0, 1, 2 ** 53 + 1, 2 ** 63 - 1], dtype=torch.int64)),
        ("int32", torch.tensor([-2 ** 31, -1, 0, 2 ** 31 - 1], dtype=torch.int32)),
        ("int16", torch.tensor([-32768, -1, 0, 32767], dtype=torch.int16)),
        ("int8", torch.tensor([-128, -1, 0, 127], dtype=torch.int8)),
        ("uint8", torch.tensor([0, 1, 128, 255], dtype=torch.uint8)),
        ("bool", torch.tensor([True, False, True], dtype=torch.bool)),
        ("float16_2d", torch.arange(6, dtype=torch.float16).reshape(2, 3) / 3),
    ])


def views():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    small = torch.tensor([1.0, 2.0, 3.0])
    ints = torch.arange(24, dtype=torch.int16).reshape(2, 3, 4)
    halves = (torch.arange(6, dtype=torch.float32) / 7).to(torch.bfloat16).reshape(2, 3)
    return collections.OrderedDict([
        ("base", base),
        ("rows", base[1:3]),
        ("columns", base[:, 1:4]),
        ("every_other", base.view(-1)[1::2]),
        ("transposed", base.t()),
        ("element", base[2, 3]),
        ("expanded", small.expand(4, 3)),
        ("empty", base[:0]),
        ("permuted", ints.permute(2, 0, 1)),
        ("bf16_transposed", halves.t()),
    ])


def shared():
    a = torch.linspace(-1, 1, 6, dtype=torch.float64)
    w = torch.tensor([[0.5, -0.5], [0.25, 2.0]])
    return {"a": a, "a_matrix": a.view(2, 3), "a_tail": a[3:], "tied1": w, "tied2": w}


def model(seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Conv1d(2, 3, 3), nn.ReLU(), nn.Conv1d(3, 2, 1))


def checkpoint():
    m = model(7)
    opt = torch.optim.Adam(m.parameters(), lr=0.01)
    x = torch.randn(1, 2, 5)
    m(x).sum().backward()
    opt.step()
    inner = collections.OrderedDict([("w", torch.tensor([1.0, 2.0])),
                                     ("b", torch.tensor([3], dtype=torch.int32))])
    value = {"model": m.state_dict(), "optimizer": opt.state_dict(), "epoch": 3, "loss": 0.25,
             "name": "run-1", "nested": {"a": {"b": inner}}, "history": [0.5, 0.25],
             "flags": (True, None)}
    selections = {"model": value["model"], "nested.a.b": inner,
                  "optimizer.state.0": value["optimizer"]["state"][0],
                  "model.0": collections.OrderedDict(
                      (k[2:], t) for k, t in value["model"].items() if k.startswith("0."))}
    return value, selections


def storage_dtypes(pickled):
    """Each storage key's element size, read from the pickle's persistent ids without torch."""
    names = {}

    class Named:
        def __init__(self, name):
            self.name = name

        def __call__(self, *args):
            return collections.OrderedDict()

    class Names(pickle.Unpickler):
        def find_class(self, module, name):
            return Named(name)

        def persistent_load(self, pid):
            names[pid[2]] = pid[1].name
            return None

    Names(io.BytesIO(pickled)).load()
    width = {"FloatStorage": 4, "DoubleStorage": 8, "HalfStorage": 2, "BFloat16Storage": 2,
             "LongStorage": 8, "IntStorage": 4, "ShortStorage": 2, "CharStorage": 1,
             "ByteStorage": 1, "BoolStorage": 1}
    return {key: width[name] for key, name in names.items()}


def rezip(src, dst, change, compression=zipfile.ZIP_STORED):
    """Copies a torch.save archive entry by entry, letting change() rewrite or add records."""
    with zipfile.ZipFile(src) as z:
        records = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    records = change(records)
    with zipfile.ZipFile(dst, "w", compression=compression) as out:
        for name, data in records:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            out.writestr(info, data)


def big_endian(records):
    folder = records[0][0].split("/")[0] + "/"
    pickled = dict(records)[folder + "data.pkl"]
    widths = storage_dtypes(pickled)
    out = []
    for name, data in records:
        rel = name[len(folder):]
        if rel.startswith("data/"):
            w = widths[rel[5:]]
            data = b"".join(data[i:i + w][::-1] for i in range(0, len(data), w))
        out.append((name, data))
        if rel == "data.pkl":
            out.append((folder + "byteorder", b"big"))
    return out


def torch2_layout(records):
    folder = records[0][0].split("/")[0] + "/"
    out = []
    for name, data in records:
        out.append((name, data))
        if name == folder + "data.pkl":
            out += [(folder + ".format_version", b"1"), (folder + ".storage_alignment", b"64"),
                    (folder + "byteorder", b"little")]
    return out + [(folder + ".data/serialization_id", b"1234567890" * 4)]


def main():
    assert sys.byteorder == "little"
    os.makedirs(OUT, exist_ok=True)
    expected = {"torch_version": torch.__version__, "files": {}}

    def save(name, value, selections=None, weights_only=True, **kwargs):
        path = os.path.join(OUT, name)
        torch.save(value, path, **kwargs)
        loaded = torch.load(path, weights_only=weights_only)
        assert type(loaded) == type(value)
        expect(name, selections or {"": value})

    def expect(name, selections):
        expected["files"][name] = {
            path: {k: describe(t) for k, t in tensors_of(v).items()}
            for path, v in selections.items()}

    save("dtypes.pt", dtype_tensors())
    save("views.pt", views())
    save("shared.pt", shared())
    value, selections = checkpoint()
    # PyTorch 1.13's weights_only unpickler lacks BINFLOAT (the floats of a checkpoint: loss, lr);
    # torch-parity reads them, as PyTorch 2.x's does. This file is our own, so a full load is safe.
    save("checkpoint.pt", value, selections, weights_only=False)
    expected["files"]["checkpoint.pt"]["refused_without_key"] = True
    save("sequential.pt", model(3).state_dict())
    save("sequential_f64.pt", model(3).double().state_dict())
    save("sequential_f16.pt", model(3).half().state_dict())
    torch.manual_seed(11)
    x = torch.randn(1, 2, 8)
    with torch.no_grad():
        y = model(3)(x)
    expected["forward"] = {"sequential.pt": {"input_shape": list(x.shape), "input": raw(x),
                                             "output_shape": list(y.shape), "output": raw(y)}}
    save("list.pt", [torch.tensor([1.5, -2.0]), torch.tensor([[7, 8]], dtype=torch.int64)])
    save("tuple.pt", (torch.tensor([True]), torch.zeros(2, 0), torch.tensor(4.0)))
    save("parameters.pt", collections.OrderedDict(
        [("w", nn.Parameter(torch.tensor([[1.0, -1.0]]))),
         ("frozen", nn.Parameter(torch.tensor([0.5]), requires_grad=False))]))
    save("tensor.pt", torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64))
    save("protocol4.pt", dtype_tensors(), weights_only=False, pickle_protocol=4)  # no FRAME in 1.13
    dtypes = os.path.join(OUT, "dtypes.pt")
    rezip(dtypes, os.path.join(OUT, "big_endian.pt"), big_endian)
    rezip(dtypes, os.path.join(OUT, "torch2_layout.pt"), torch2_layout)
    rezip(dtypes, os.path.join(OUT, "deflated.pt"), lambda r: r, zipfile.ZIP_DEFLATED)
    for name in ("big_endian.pt", "torch2_layout.pt", "deflated.pt"):
        expected["files"][name] = expected["files"]["dtypes.pt"]
    # PyTorch 1.13 reads the 2.x layout and the deflated copy as it reads dtypes.pt
    for name in ("torch2_layout.pt", "deflated.pt"):
        again = torch.load(os.path.join(OUT, name), weights_only=True)
        assert all(raw(again[k]) == raw(t) for k, t in dtype_tensors().items()), name
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)  # insertion order: the files' key order
        f.write("\n")
    print("wrote", len(expected["files"]), "files into", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
