"""Parity case files (``torch-parity-case/2``, and the older ``/1``): layout, writing, weight files.

Standard library only, so that ``generate_cases.py --validate`` and any other reader can use it
without torch or numpy. The layout is specified in ``shared/parity-case-format.md``.

What this module fixes beyond the specification (the choices a reader may rely on):

* one top-level key per line, in ``KEY_ORDER[format]`` order; each value compact JSON;
* floating values are Python's ``repr`` of the value as a Python float (for float32 that is the
  double holding exactly the float32 value, e.g. ``0.1f`` is written ``0.10000000149011612``),
  integral floats keep their ``.0``, ``-0.0`` keeps its sign; ``nan`` / ``inf`` / ``-inf`` are
  strings; ``int64`` tensors hold JSON integers and ``bool`` tensors ``true`` / ``false``;
* a tensor's own ``dtype`` is written only when it differs from the case's; keys inside a tensor
  come in the order ``shape``, ``dtype``, ``data`` (or ``file``, ``key``);
* optional keys that do not apply are left out rather than written as ``null``.
"""
import ast
import json
import math
import os
import struct
import zipfile
import zlib

FORMAT1 = "torch-parity-case/1"
FORMAT2 = "torch-parity-case/2"
FORMATS = (FORMAT1, FORMAT2)

KEY_ORDER = {
    FORMAT1: [
        "format", "name", "source", "torch_version", "module", "args", "dtype",
        "input", "weight", "bias", "output",
        "grad_output", "grad_input", "grad_weight", "grad_bias",
        "seed", "error",
    ],
    FORMAT2: [
        "format", "name", "source", "torch_version", "model", "path", "call",
        "module", "args", "children", "dtype", "training",
        "state", "input", "inputs", "output", "outputs", "state_after",
        "grad_output", "grad_outputs", "grad_input", "grad_inputs", "grads",
        "init_seed", "forward_seed", "error", "stage",
    ],
}
STAGES = ("construct", "load_state_dict", "forward")
CASE_DTYPES = ("float32", "float64", "float16", "bfloat16")
TENSOR_DTYPES = ("int64", "bool") + CASE_DTYPES
NONFINITE = {"nan", "inf", "-inf"}
WEIGHT_FILE_EXTENSIONS = (".npz", ".safetensors", ".pt", ".pth")


# ----------------------------------------------------------------------------------------------
# writing
# ----------------------------------------------------------------------------------------------

def enc_value(v):
    """A float as JSON wants it here: the float itself, or 'nan' / 'inf' / '-inf'."""
    if isinstance(v, bool) or isinstance(v, int):
        return v
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def tensor_json(shape, flat, dtype=None, case_dtype=None):
    """``{"shape", ["dtype",] "data"}`` from a shape and flat row-major values.

    ``dtype`` is written only when it differs from ``case_dtype``. Floats stay Python floats
    (their repr round-trips); ints and bools are kept as they are (int64 / bool tensors).
    """
    t = {"shape": list(shape)}
    if dtype is not None and dtype != case_dtype:
        t["dtype"] = dtype
    if dtype in ("int64", "bool"):
        t["data"] = list(flat)
    else:
        t["data"] = [enc_value(float(v)) for v in flat]
    return t


def dtype_name(t):
    """``float32`` for a ``torch.float32`` tensor (any object with a torch-like ``dtype``)."""
    return str(t.dtype).replace("torch.", "")


def enc(t, case_dtype):
    """A torch tensor as a case tensor (``dtype`` written only when it differs); None for None.

    Duck-typed (``detach``, ``shape``, ``reshape``, ``tolist``), so this module needs no torch.
    ``tolist()`` is exact: a float32 becomes the Python float (double) holding the same value.
    """
    if t is None:
        return None
    t = t.detach()
    return tensor_json(list(t.shape), t.reshape(-1).tolist(), dtype_name(t), case_dtype)


def enc_map(tensors, case_dtype):
    return {k: enc(t, case_dtype) for k, t in tensors.items()}


def case_seed(name):
    """The seed a case runs with: crc32 of its name (31 bits), so each case is reproducible."""
    return zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF


def dump_case(case):
    """The text of one case file: one top-level key per line, compact JSON values."""
    order = KEY_ORDER[case["format"]]
    keys = [k for k in order if k in case]
    unknown = set(case) - set(keys)
    assert not unknown, f"{case.get('name')}: keys outside the format: {sorted(unknown)}"
    lines = [f"{json.dumps(k)}: {json.dumps(case[k], separators=(',', ':'), allow_nan=False)}"
             for k in keys]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def safetensors_bytes(tensors, metadata=None):
    """A ``.safetensors`` file from ``[(key, dtype, shape, raw little-endian bytes)]``.

    The published layout: 8-byte little-endian header length, a JSON header mapping each key to
    ``{"dtype", "shape", "data_offsets"}`` (offsets relative to the data block), an optional
    ``__metadata__`` string map, the header padded with spaces to a multiple of 8, then the data.
    """
    st_dtype = {"float32": "F32", "float64": "F64", "int64": "I64", "bool": "BOOL",
                "float16": "F16", "bfloat16": "BF16"}
    header = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    blobs, offset = [], 0
    for key, dtype, shape, raw in tensors:
        header[key] = {"dtype": st_dtype[dtype], "shape": list(shape),
                       "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    return struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs)


# ----------------------------------------------------------------------------------------------
# reading weight files (headers only: enough to check a file reference)
# ----------------------------------------------------------------------------------------------

NPY_DTYPES = {"<f4": "float32", "<f8": "float64", "<f2": "float16", "<i8": "int64",
              "|b1": "bool"}
SAFETENSORS_DTYPES = {"F32": "float32", "F64": "float64", "F16": "float16", "BF16": "bfloat16",
                      "I64": "int64", "BOOL": "bool"}
ITEM_SIZE = {"float32": 4, "float64": 8, "float16": 2, "bfloat16": 2, "int64": 8, "bool": 1}


class WeightFileError(Exception):
    pass


def npz_entry(path, key):
    """(dtype, shape) of ``key`` in a numpy ``.npz`` (``np.savez``: a zip of ``<key>.npy``)."""
    try:
        with zipfile.ZipFile(path) as z:
            try:
                info = z.getinfo(key + ".npy")
            except KeyError:
                raise WeightFileError(f"no entry {key + '.npy'!r} (has "
                                      f"{sorted(n[:-4] for n in z.namelist())})") from None
            with z.open(info) as f:
                if f.read(6) != b"\x93NUMPY":
                    raise WeightFileError(f"{key}: not an .npy entry")
                major = f.read(2)[0]
                size = 2 if major == 1 else 4
                hlen = int.from_bytes(f.read(size), "little")
                header = ast.literal_eval(f.read(hlen).decode("latin1"))
            data_len = info.file_size - (8 + size + hlen)
    except (OSError, zipfile.BadZipFile, ValueError, SyntaxError) as e:
        raise WeightFileError(f"cannot read: {e}") from None
    descr, shape = header.get("descr"), header.get("shape")
    if descr not in NPY_DTYPES:
        raise WeightFileError(f"{key}: dtype {descr!r} is not one of {sorted(NPY_DTYPES)}")
    if header.get("fortran_order"):
        raise WeightFileError(f"{key}: Fortran order")
    dtype = NPY_DTYPES[descr]
    shape = list(shape)
    if data_len != _numel(shape) * ITEM_SIZE[dtype]:
        raise WeightFileError(f"{key}: {data_len} data bytes for shape {shape} {dtype}")
    return dtype, shape


def safetensors_entry(path, key):
    """(dtype, shape) of ``key`` in a ``.safetensors`` file, checking the header's offsets."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            if len(head) != 8:
                raise WeightFileError("shorter than the 8-byte header length")
            n = struct.unpack("<Q", head)[0]
            total = os.path.getsize(path)
            if n > total - 8:
                raise WeightFileError(f"header length {n} exceeds the file ({total} bytes)")
            header = json.loads(f.read(n).decode("utf-8"))
    except (OSError, ValueError) as e:
        raise WeightFileError(f"cannot read: {e}") from None
    if key not in header or key == "__metadata__":
        raise WeightFileError(f"no tensor {key!r} (has "
                              f"{sorted(k for k in header if k != '__metadata__')})")
    entry = header[key]
    dtype = SAFETENSORS_DTYPES.get(entry.get("dtype"))
    if dtype is None:
        raise WeightFileError(f"{key}: dtype {entry.get('dtype')!r} not supported")
    shape, (begin, end) = list(entry["shape"]), entry["data_offsets"]
    if end - begin != _numel(shape) * ITEM_SIZE[dtype] or end > total - 8 - n or begin < 0:
        raise WeightFileError(f"{key}: data_offsets {[begin, end]} do not fit shape {shape} "
                              f"{dtype} in the data block")
    return dtype, shape


def weight_file_entry(path, key):
    """(dtype, shape) of ``key`` in a weights file; (None, None) for ``.pt``/``.pth`` archives,
    whose pickled contents are not read here (only that the file is a zip)."""
    if path.endswith(".npz"):
        return npz_entry(path, key)
    if path.endswith(".safetensors"):
        return safetensors_entry(path, key)
    if not zipfile.is_zipfile(path):
        raise WeightFileError("not a torch.save zip archive")
    return None, None


def file_reference_problem(case_dir, file):
    """Why ``file`` may not be used as a weights-file reference, or None."""
    if not isinstance(file, str) or not file:
        return "file must be a non-empty string"
    if os.path.isabs(file) or file.startswith(("/", "\\")) or (len(file) > 1 and file[1] == ":"):
        return f"file {file!r} must be relative to the case's folder"
    parts = file.replace("\\", "/").split("/")
    if ".." in parts:
        return f"file {file!r} must not leave the case's folder"
    if not file.endswith(WEIGHT_FILE_EXTENSIONS):
        return f"file {file!r} is not one of {', '.join(WEIGHT_FILE_EXTENSIONS)}"
    full = os.path.realpath(os.path.join(case_dir, file))
    root = os.path.realpath(case_dir)
    if os.path.commonpath([full, root]) != root:
        return f"file {file!r} resolves outside the case's folder"
    if not os.path.isfile(full):
        return f"file {file!r} does not exist"
    return None


def _numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def json_files(root):
    """The ``.json`` files under ``root``, relative to it, sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith(".json"):
                found.append(os.path.relpath(os.path.join(dirpath, fn), root))
    return sorted(found)
