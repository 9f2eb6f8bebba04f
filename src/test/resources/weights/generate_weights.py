#!/usr/bin/python3
"""Writes .npz files with real numpy for torch-parity's weight-reader tests.

Run from the repository root with Debian's numpy (python3-numpy, 1.24):
    /usr/bin/python3 src/test/resources/weights/generate_weights.py

Writes into src/test/resources/weights/ one .npz per way numpy stores arrays, and expected.json:
for each file either the arrays numpy reads back from it ({key: {dtype, shape, bits}}, the values
as bit patterns in hex, row-major: IEEE bits for float32/float64, the two's-complement 64 bits for
int64, 00/01 for bool, so that the Java test compares bit for bit), or, for the dtypes
torch-parity's Tensor cannot hold (it holds float32, float64, int64 and bool), the dtype name the
Java reader must refuse.

An .npz already present is kept (numpy stamps the time into each zip entry, so rewriting would
change committed bytes without changing a value); delete one to write it again. expected.json is
always rewritten from the files as numpy reads them.
"""
import io
import json
import os
import struct
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


class Unseekable(io.RawIOBase):
    """A write-only stream without seek: zipfile then writes data descriptors after each entry."""

    def __init__(self, raw):
        self.raw = raw

    def writable(self):
        return True

    def write(self, b):
        return self.raw.write(b)


# (numpy kind, item size) of the dtypes torch-parity's Tensor holds: float32, float64, int64, bool
HELD = {("f", 4), ("f", 8), ("i", 8), ("b", 1)}


def write(name, save):
    """Writes one .npz unless it is already there."""
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        save(path)


def save_unseekable(path, **arrays):
    with open(path, "wb") as raw:
        np.savez(Unseekable(raw), **arrays)


def values(rng, shape, dtype):
    return (rng.standard_normal(shape) * 3).astype(dtype)


def main():
    rng = np.random.default_rng(20261124)
    files = {
        # np.savez: stored entries with zip64 extra fields in the local headers
        "savez_float32.npz": dict(weight=values(rng, (4, 3, 5), "<f4"), bias=values(rng, (4,), "<f4")),
        "savez_float64.npz": dict(weight=values(rng, (2, 2, 3), "<f8"), bias=values(rng, (2,), "<f8")),
        # np.savez_compressed: deflated entries; a zero-filled array compresses well below 100:1
        "savez_compressed.npz": dict(
            weight=values(rng, (8, 4, 3), "<f4"), zeros=np.zeros((16, 32), "<f4")),
        # big-endian data: numpy decodes it, so must we
        "big_endian.npz": dict(weight=values(rng, (3, 2, 2), ">f4"), bias=values(rng, (3,), ">f8")),
        # Fortran order: the data is column-major
        "fortran_order.npz": dict(weight=np.asfortranarray(values(rng, (2, 3, 4), "<f4"))),
        # a scalar and an empty array
        "scalar_and_empty.npz": dict(scale=np.float32(1.5).reshape(()), empty=np.zeros((0, 3), "<f4")),
    }
    expected = {}
    # drawn in this order whether or not a file is written, so each file's values stay the same
    unnamed = (values(rng, (2, 2), "<f4"), values(rng, (3,), "<f8"))
    stream = values(rng, (2, 3), "<f4")
    half = values(rng, (2,), "<f2")
    for name, arrays in files.items():
        saver = np.savez_compressed if "compressed" in name else np.savez
        write(name, lambda path: saver(path, **arrays))
    # np.savez(a, b): unnamed arrays become arr_0, arr_1
    write("savez_unnamed.npz", lambda path: np.savez(path, *unnamed))
    # a stream without seek: entries followed by data descriptors
    write("savez_stream.npz", lambda path: save_unseekable(path, weight=stream))
    # int64: a running count (PyTorch's num_batches_tracked), and values a double cannot hold
    write("int64.npz", lambda path: np.savez(path, steps=np.arange(3, dtype="<i8")))
    write(
        "int64_exact.npz",
        lambda path: np.savez(
            path,
            extremes=np.array([-(2**63), -1, 0, 2**53 + 1, 2**63 - 1], dtype="<i8"),
            big_endian=np.array([[1, -2], [2**62 + 3, -(2**62) - 5]], dtype=">i8"),
            mask=np.array([True, False, False, True], dtype="?"),
        ),
    )
    # a dtype torch-parity's Tensor cannot hold: read by numpy, refused by name by the Java reader
    write("float16.npz", lambda path: np.savez(path, weight=half))

    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".npz"):
            continue
        with zipfile.ZipFile(os.path.join(HERE, name)) as z:
            z.testzip()
        with np.load(os.path.join(HERE, name)) as npz:
            entry = {}
            for key in npz.files:
                a = npz[key]
                if (a.dtype.kind, a.dtype.itemsize) not in HELD:
                    entry = {"refused": a.dtype.name}
                    break
                c = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<"))
                width = a.dtype.itemsize * 2
                bits = c.reshape(-1).view("<u%d" % a.dtype.itemsize)
                entry[key] = {
                    "dtype": a.dtype.newbyteorder("=").name,
                    "shape": list(a.shape),
                    "bits": ["%0*x" % (width, int(b)) for b in bits],
                }
        expected[name] = entry
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")
    print("wrote", sorted(expected))


if __name__ == "__main__":
    main()
