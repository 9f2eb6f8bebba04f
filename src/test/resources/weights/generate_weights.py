#!/usr/bin/python3
"""Writes .npz files with real numpy for torch-parity's weight-reader tests.

Run from the repository root with Debian's numpy (python3-numpy, 1.24):
    /usr/bin/python3 src/test/resources/weights/generate_weights.py

Writes into src/test/resources/weights/ one .npz per way numpy stores arrays, and expected.json:
for each file either the arrays numpy reads back from it ({key: {dtype, shape, bits}}, the values
as IEEE bit patterns in hex, row-major, so that the Java test compares bit for bit), or, for the
dtypes torch-parity's Tensor cannot hold, the dtype name the Java reader must refuse.
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
    for name, arrays in files.items():
        saver = np.savez_compressed if "compressed" in name else np.savez
        saver(os.path.join(HERE, name), **arrays)
    # np.savez(a, b): unnamed arrays become arr_0, arr_1
    np.savez(os.path.join(HERE, "savez_unnamed.npz"), values(rng, (2, 2), "<f4"), values(rng, (3,), "<f8"))
    # a stream without seek: entries followed by data descriptors
    with open(os.path.join(HERE, "savez_stream.npz"), "wb") as raw:
        np.savez(Unseekable(raw), weight=values(rng, (2, 3), "<f4"))
    # dtypes torch-parity's Tensor cannot hold: read by numpy, refused by name by the Java reader
    np.savez(os.path.join(HERE, "int64.npz"), steps=np.arange(3, dtype="<i8"))
    np.savez(os.path.join(HERE, "float16.npz"), weight=values(rng, (2,), "<f2"))

    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".npz"):
            continue
        with zipfile.ZipFile(os.path.join(HERE, name)) as z:
            z.testzip()
        with np.load(os.path.join(HERE, name)) as npz:
            entry = {}
            for key in npz.files:
                a = npz[key]
                if a.dtype.kind != "f" or a.dtype.itemsize not in (4, 8):
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
