#!/usr/bin/python3
"""Writes a catalogue of hostile and malformed .pt files for torch-parity's reader tests.

Run with Debian's PyTorch 1.13 (apt-get install -y python3-torch):
    /usr/bin/python3 parity-tests/torch_save_hostile.py

Writes into src/test/resources/torch-save/hostile/ one file per attack and hostile.json, which
maps each file to the words torch-parity's refusal must contain ("expect") and to what
torch.load(path, weights_only=True) of PyTorch 1.13 does with it ("torch_1_13").

The pickles that name code-running globals (os.system, builtins.eval, subprocess.Popen, ...) are
written byte by byte here and are never unpickled by anyone: this script does not load them, not
even with weights_only=True ("not run" in hostile.json). The other files are loaded by PyTorch
with weights_only=True only, to record whether PyTorch refuses them too. Real PyTorch output is
used where PyTorch itself writes the hostile thing (a whole pickled module, a TorchScript archive,
the legacy format, non-tensor contents). legacy_format.pt and torchscript.pt differ from run to
run (PyTorch writes memory addresses and ids into them); the other files are the same bytes each
run.
"""
import collections
import io
import json
import os
import struct
import zipfile

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "test", "resources", "torch-save", "hostile")


# ------------------------------------------------------------------ pickle opcodes, by hand

def proto(n=2):
    return b"\x80" + bytes([n])


def s(text):  # BINUNICODE
    data = text.encode("utf-8")
    return b"X" + struct.pack("<I", len(data)) + data


def i(n):  # BININT1 / BININT / LONG1
    if 0 <= n < 256:
        return b"K" + bytes([n])
    if -2 ** 31 <= n < 2 ** 31:
        return b"J" + struct.pack("<i", n)
    data = n.to_bytes(9, "little", signed=True)
    return b"\x8a" + bytes([len(data)]) + data


def g(module, name):  # GLOBAL
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def tup(*items):
    if not items:
        return b")"
    if len(items) <= 3:
        return b"".join(items) + bytes([0x84 + len(items)])
    return b"(" + b"".join(items) + b"t"


EMPTY_ORDERED_DICT = g("collections", "OrderedDict") + b")R"


def tensor(storage_type="FloatStorage", key="0", numel=6, offset=0, size=(2, 3), stride=(3, 1)):
    pid = b"(" + s("storage") + g("torch", storage_type) + s(key) + s("cpu") + i(numel) + b"t"
    return (g("torch._utils", "_rebuild_tensor_v2") + b"(" + pid + b"Q" + i(offset) +
            tup(*[i(d) for d in size]) + tup(*[i(d) for d in stride]) + b"\x89" +
            EMPTY_ORDERED_DICT + b"tR")


def state_dict(*pairs):
    """An OrderedDict of (key bytes, value bytes) pairs, as torch.save writes one."""
    body = b"".join(s(k) + v for k, v in pairs)
    return proto() + EMPTY_ORDERED_DICT + (b"(" + body + b"u" if pairs else b"") + b"."


FLOATS6 = struct.pack("<6f", 0, 1, 2, 3, 4, 5)


def archive(pickled, storages=None, extra=(), version=b"3\n", folder="archive/", names=None):
    """A torch.save-like zip: data.pkl, data/<key> and version, plus extra (name, bytes)."""
    records = [(folder + "data.pkl", pickled)]
    for key, data in (storages if storages is not None else {"0": FLOATS6}).items():
        records.append((folder + "data/" + key, data))
    if version is not None:
        records.append((folder + "version", version))
    records += list(extra)
    if names:
        records = [(names.get(n, n), d) for n, d in records]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in records:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, data)
    return buf.getvalue()


def real(value, **kwargs):
    torch.manual_seed(0)
    buf = io.BytesIO()
    torch.save(value, buf, **kwargs)
    return buf.getvalue()


GOOD = state_dict(("w", tensor()))


def seeded(make, *args):
    torch.manual_seed(0)
    return make(*args)


def zip_bomb():
    zeros = bytes(8 << 20)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("archive/data.pkl", (1980, 1, 1, 0, 0, 0)),
                   state_dict(("w", tensor(numel=len(zeros) // 4, size=(len(zeros) // 4,),
                                           stride=(1,)))))
        info = zipfile.ZipInfo("archive/data/0", (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, zeros, compresslevel=9)
        z.writestr(zipfile.ZipInfo("archive/version", (1980, 1, 1, 0, 0, 0)), b"3\n")
    return buf.getvalue()


def torchscript():
    torch.manual_seed(0)
    buf = io.BytesIO()
    torch.jit.save(torch.jit.script(seeded(nn.Linear, 1, 1)), buf)
    return buf.getvalue()


def flipped_storage_byte():
    data = bytearray(archive(GOOD))
    at = data.index(FLOATS6)
    data[at + 5] ^= 0x40  # the CRC-32 in both directories still describes the original bytes
    return bytes(data)


CODE = "not run: names a code-running global"

# name -> (bytes, words the refusal must contain, whether PyTorch may load it)
CASES = {
    "os_system.pt": (archive(proto() + g("os", "system") + s("true") + b"\x85R."),
                     "refused the global os.system", False),
    "builtins_eval.pt": (archive(proto() + g("builtins", "eval") + s("1+1") + b"\x85R."),
                         "refused the global builtins.eval", False),
    "builtins_getattr.pt": (archive(proto() + g("builtins", "getattr") + b")R."),
                            "refused the global builtins.getattr", False),
    "subprocess_popen.pt": (archive(proto() + g("subprocess", "Popen") + b"(" + s("true") +
                                    b"l\x85R."), "refused the global subprocess.Popen", False),
    "posix_system_stack_global.pt": (archive(proto(4) + s("posix") + s("system") + b"\x93" +
                                             s("true") + b"\x85R."),
                                     "refused the global posix.system", False),
    "os_system_inside_state_dict.pt": (
        archive(state_dict(("w", tensor()), ("x", g("os", "system") + s("true") + b"\x85R"))),
        "refused the global os.system", False),
    "whole_module.pt": (real(seeded(nn.Linear, 2, 2)), "save model.state_dict() instead", True),
    "shape_beyond_storage.pt": (archive(state_dict(("w", tensor(size=(100, 100),
                                                                 stride=(100, 1))))),
                                "which holds 6 float32 elements", True),
    "offset_beyond_storage.pt": (archive(state_dict(("w", tensor(offset=5)))),
                                 "reaching element 10", True),
    "storage_numel_lies.pt": (archive(state_dict(("w", tensor(numel=1000)))),
                              "claims 1000 float32 elements", True),
    "negative_stride.pt": (archive(state_dict(("w", tensor(size=(6,), stride=(-1,), offset=5)))),
                           "no negative sizes or strides", True),
    "shape_overflow.pt": (archive(state_dict(("w", tensor(size=(2 ** 62, 4),
                                                           stride=(1, 2 ** 62))))),
                          "overflow a 64-bit element count", True),
    "zip_bomb.pt": (zip_bomb(), "WeightLimits.maxCompressionRatio", True),
    "deep_lists.pt": (archive(proto() + b"]" * 1000 + b"a" * 999 + b"."),
                      "WeightLimits.maxPickleDepth", True),
    "deep_marks.pt": (archive(proto() + b"(" * 1000 + b"."), "MARK nesting", True),
    "recursive_list.pt": (archive(proto() + b"]q\x00h\x00a."), "a recursive structure", True),
    "huge_string_claim.pt": (archive(proto() + b"X\xf0\xff\xff\xff" + b"abc."),
                             "WeightLimits.maxStringBytes", True),
    "memo_never_written.pt": (archive(proto() + b"h\x05."), "never written", True),
    "newobj.pt": (archive(proto() + g("collections", "OrderedDict") + b")\x81."), "NEWOBJ", True),
    "storage_type_called.pt": (archive(proto() + g("torch", "FloatStorage") + b")R."),
                               "storage type", True),
    "trailing_bytes.pt": (archive(GOOD + b"junk"), "4 bytes follow STOP", True),
    "bad_utf8_key.pt": (archive(proto() + EMPTY_ORDERED_DICT + b"X\x02\x00\x00\x00\xff\xfe" +
                                tensor() + b"s."), "not valid UTF-8", True),
    "dtype_conflict.pt": (archive(state_dict(("a", tensor()),
                                             ("b", tensor("IntStorage", size=(6,),
                                                          stride=(1,)))), {"0": FLOATS6}),
                          "and before as 6 float32", True),
    "missing_storage.pt": (archive(state_dict(("w", tensor(key="5")))),
                           "has no entry 'archive/data/5'", True),
    "storage_key_path.pt": (archive(state_dict(("w", tensor(key="../0")))), "storage key", True),
    "unreferenced_storage.pt": (archive(GOOD, {"0": FLOATS6, "1": FLOATS6}),
                                "no tensor refers to it", True),
    "truncated.pt": (archive(GOOD)[:400], "not a zip archive", True),
    "crc_mismatch.pt": (flipped_storage_byte(), "CRC-32", True),
    "entry_leaves_archive.pt": (archive(GOOD, names={"archive/version": "../x"}), "'..'", True),
    "absolute_entry.pt": (archive(GOOD, folder="/archive/"), "an absolute path", True),
    "backslash_entry.pt": (archive(GOOD, names={"archive/version": "archive\\version"}),
                           "a backslash", True),
    "two_folders.pt": (archive(GOOD, names={"archive/version": "other/version"}),
                       "outside the archive's folder", True),
    "unexpected_entry.pt": (archive(GOOD, extra=[("archive/run.sh", b"rm -rf /\n")]),
                            "unexpected entry", True),
    "duplicate_entry.pt": (archive(GOOD, extra=[("archive/data.pkl", GOOD)]), "twice", True),
    "no_data_pkl.pt": (archive(GOOD, names={"archive/data.pkl": "archive/other.pkl"}),
                       "unexpected entry", True),
    "no_version.pt": (archive(GOOD, version=None), "no version record", True),
    "version_99.pt": (archive(GOOD, version=b"99\n"), "format version 99", True),
    "byteorder_middle.pt": (archive(GOOD, extra=[("archive/byteorder", b"middle")]),
                            "unknown byte order 'middle'", True),
    "non_tensor_contents.pt": (real({"a": 1, "b": "x"}), "not a state dict", True),
    "list_of_strings.pt": (real(["a", "b"]), "not a state dict", True),
    "legacy_format.pt": (real({"w": torch.ones(2)}, _use_new_zipfile_serialization=False),
                         "re-save it with a current torch.save", True),
    "torchscript.pt": (torchscript(), "TorchScript", True),
    "not_a_zip.pt": (b"this is not a weights file\n", "not a torch.save file", True),
    "empty.pt": (b"", "is empty", True),
}


def torch_outcome(path):
    try:
        value = torch.load(path, weights_only=True)
        return "read: " + type(value).__name__
    except Exception as e:  # record what PyTorch says, whatever it is
        text = str(e).replace("\n", " ")
        if "WeightsUnpickler error:" in text:
            text = text[text.index("WeightsUnpickler error:"):]
        return "refused: " + type(e).__name__ + ": " + text[:160]


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {}
    for name, (data, expect, run) in CASES.items():
        path = os.path.join(OUT, name)
        with open(path, "wb") as f:
            f.write(data)
        manifest[name] = {"expect": expect, "torch_1_13": torch_outcome(path) if run else CODE}
    with open(os.path.join(OUT, "hostile.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", len(manifest), "hostile files into", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
