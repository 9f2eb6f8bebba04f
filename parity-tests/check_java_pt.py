#!/usr/bin/python3
"""Loads .pt files that torch-parity wrote and checks them bit for bit, in real PyTorch.

Run by the JUnit test TorchSaveRoundTripTest (skipped there when /usr/bin/python3 has no torch):
    /usr/bin/python3 parity-tests/check_java_pt.py DIR

DIR holds the Java-written .pt files and manifest.json, which maps each file name to the tensors
it must hold, either
  {"source": "dtypes.pt", "key": "model"}  the selection recorded by torch_save_cases.py in
                                            src/test/resources/torch-save/expected.json, or
  {"tensors": {key: {"dtype", "shape", "hex"}}}  values given by the Java side.
Each file is loaded with torch.load(path, weights_only=True), the safe loader; the keys (in
order), dtypes, shapes and the little-endian bytes of every tensor must equal the expected ones,
every tensor must be contiguous, and the archive must be laid out as torch.save lays it out:
stored entries under one folder, each entry's data at a multiple of 64 bytes.
Prints one line per file and exits 1 on any mismatch.
"""
import collections
import json
import os
import struct
import sys
import zipfile

import torch

EXPECTED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test",
                        "resources", "torch-save", "expected.json")
NAMES = {torch.float32: "float32", torch.float64: "float64", torch.float16: "float16",
         torch.bfloat16: "bfloat16", torch.int64: "int64", torch.int32: "int32",
         torch.int16: "int16", torch.int8: "int8", torch.uint8: "uint8", torch.bool: "bool"}


def raw(t):
    t = t.contiguous()
    if t.dtype in (torch.bfloat16, torch.float16):
        t = t.view(torch.int16)
    return t.numpy().tobytes().hex()


def layout_problems(path):
    problems = []
    with open(path, "rb") as f:
        data = f.read()
    with zipfile.ZipFile(path) as z:
        folders = {i.filename.split("/")[0] for i in z.infolist()}
        if len(folders) != 1:
            problems.append("entries in several folders: %s" % sorted(folders))
        for info in z.infolist():
            if info.compress_type != zipfile.ZIP_STORED:
                problems.append("%s is compressed" % info.filename)
            at = info.header_offset
            name_length, extra_length = struct.unpack("<HH", data[at + 26:at + 30])
            start = at + 30 + name_length + extra_length
            if start % 64 != 0:
                problems.append("%s's data starts at %d, not a multiple of 64" % (
                    info.filename, start))
    return problems


def check(path, want):
    loaded = torch.load(path, weights_only=True)
    problems = layout_problems(path)
    if not isinstance(loaded, collections.OrderedDict):
        return problems + ["loads as %s, not an OrderedDict" % type(loaded).__name__]
    if list(loaded) != list(want):
        return problems + ["keys %s, expected %s" % (list(loaded), list(want))]
    for key, t in loaded.items():
        w = want[key]
        got = {"dtype": NAMES.get(t.dtype, str(t.dtype)), "shape": list(t.shape), "hex": raw(t)}
        for field in ("dtype", "shape", "hex"):
            if got[field] != w[field]:
                problems.append("%s: %s is %s, expected %s" % (key, field, got[field], w[field]))
        if not t.is_contiguous():
            problems.append("%s is not contiguous" % key)
    return problems


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    with open(EXPECTED) as f:
        expected = json.load(f)["files"]
    failed = 0
    for name, entry in sorted(manifest.items()):
        if "tensors" in entry:
            want = entry["tensors"]
        else:
            want = expected[entry["source"]][entry["key"]]
        problems = check(os.path.join(folder, name), want)
        print(("OK   " if not problems else "FAIL ") + name + (
            "" if not problems else ": " + "; ".join(problems)))
        failed += bool(problems)
    print("%d files, %d failed (torch %s)" % (len(manifest), failed, torch.__version__))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
