"""Samples for issue 13's loader mechanisms, built as bytes (never by
pickling a live object): each is a file that a real loader (torch.load,
joblib.load, numpy.load, pandas.read_pickle) unpickles a payload from, in a
way Sentinel's container readers used to read differently. Shared by
scripts/gen_loader_fixtures.py (committed fixtures for the GoogleTests, with a
harmless `os.system("true")` payload) and tests/python/test_loader_mechanisms.py
(which proves each one runs, with a payload that only touches a marker file).

`payload` is opcode bytes (no PROTO, no STOP) that leave one value on the
stack: the call. Each builder returns (bytes, job), job as
scripts/difftest/container_loader.py takes it, plus "ext" for the file name.
"""

import bz2
import gzip
import io
import lzma
import struct
import zipfile
import zlib


def system_payload(command):
    c = command.encode()
    return b"cos\nsystem\n(X" + struct.pack("<I", len(c)) + c + b"tR"


def pickle_of(payload, proto=2):
    return bytes([0x80, proto]) + payload + b"."


# ------------------------------------------------------------ torch zips


def torch_seed():
    """A real torch.save archive (a small state dict)."""
    import torch

    b = io.BytesIO()
    torch.save({"w": torch.arange(4, dtype=torch.float32)}, b)
    return b.getvalue()


def zip_entries(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    return [(i.filename, z.read(i)) for i in z.infolist()]


def write_zip(entries):
    import warnings

    b = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point
        with zipfile.ZipFile(b, "w", zipfile.ZIP_STORED) as z:
            for name, data in entries:
                z.writestr(zipfile.ZipInfo(name), data)
    return b.getvalue()


def torch_data_pkl(payload):
    """data.pkl that first loads storage '0' through torch's persistent_load
    (plain pickle.load raises there), then runs the payload."""
    pid = b"(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x04tQ"
    return b"\x80\x02" + pid + b"0" + payload + b"."


def torch_renamed(seed, payload, spelling):
    """data.pkl under another casing: miniz finds it case-insensitively."""
    entries = zip_entries(seed)
    prefix = entries[0][0].split("/")[0]
    out = [(f"{prefix}/{spelling}", torch_data_pkl(payload)) if n == f"{prefix}/data.pkl" else (n, b)
           for n, b in entries]
    return write_zip(out), {"loader": "torch", "ext": "pt"}


def torch_duplicate(seed, payload, spelling):
    """A second data.pkl (same name or another casing) right after the real
    one: miniz's binary search over its sorted index lands on it."""
    entries = zip_entries(seed)
    prefix = entries[0][0].split("/")[0]
    out = list(entries)
    out.insert(1, (f"{prefix}/{spelling}", torch_data_pkl(payload)))
    return write_zip(out), {"loader": "torch", "ext": "pt"}


def torch_evil(seed, payload):
    entries = zip_entries(seed)
    prefix = entries[0][0].split("/")[0]
    return write_zip([(n, torch_data_pkl(payload) if n == f"{prefix}/data.pkl" else b) for n, b in entries])


def dcp_shard(seed, payload, evil_first):
    """A .distcp shard: torch.save items back to back with raw bytes between;
    torch.distributed.checkpoint torch.loads each item's byte range."""
    evil = torch_evil(seed, payload)
    items = [evil, seed] if evil_first else [seed, b"\x00" * 40, evil, b"\x01" * 100]
    shard, ranges = (b"\x07" * 16 if evil_first else b""), []
    for it in items:
        if it.startswith(b"PK"):
            ranges.append([len(shard), len(it)])
        shard += it
    return shard, {"loader": "torch", "ranges": ranges, "ext": "distcp"}


# ------------------------------------------------------------ joblib

DTYPE_U1 = b"cnumpy\ndtype\n(X\x02\x00\x00\x00u1\x89\x88tR(K\x03X\x01\x00\x00\x00|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb"

WRAPPERS = {
    "newobj": b"cjoblib.numpy_pickle\nNumpyArrayWrapper\n)\x81",
    "reconstructor": b"ccopyreg\n_reconstructor\n(cjoblib.numpy_pickle\nNumpyArrayWrapper\ncbuiltins\nobject\nNtR",
    "obj": b"(cjoblib.numpy_pickle\nNumpyArrayWrapper\no",
    "inst": b"(ijoblib.numpy_pickle\nNumpyArrayWrapper\n",
    "dotted": b"\x8c\x06joblib\x8c\x1enumpy_pickle.NumpyArrayWrapper\x93)\x81",
    "newobj_ex": b"cjoblib.numpy_pickle\nNumpyArrayWrapper\n)}\x92",
}
# NumpyArrayWrapper(ndarray, (5,), 'C', dtype('u1')): __init__ sets everything
# (alignment 16 by default), so its BUILD state may be empty.
INIT_ARGS_WRAPPER = (b"cjoblib.numpy_pickle\nNumpyArrayWrapper\n(cnumpy\nndarray\nK\x05\x85X\x01\x00\x00\x00C"
                     b"cnumpy\ndtype\n(X\x02\x00\x00\x00u1\x89\x88tRtR")


def wrapper_state(dtype, shape, extra=b""):
    return (b"}(X\x08\x00\x00\x00subclasscnumpy\nndarray\nX\x05\x00\x00\x00shapeK" + bytes([shape]) + b"\x85" +
            b"X\x05\x00\x00\x00orderX\x01\x00\x00\x00CX\x05\x00\x00\x00dtype" + dtype +
            b"X\n\x00\x00\x00allow_mmap\x89X\x1b\x00\x00\x00numpy_array_alignment_bytesK\x10" + extra + b"u")


def joblib_wrapper(payload, how):
    """A NumpyArrayWrapper built by `how`, whose five u1 array bytes (after a
    zero pad-length byte) read as opcodes would swallow the payload."""
    proto = 4 if how in ("dotted", "newobj_ex") else 2
    rest = b"0" + payload + b"."
    array = b"\x00" + b"B" + struct.pack("<I", len(rest) - 1)
    if how == "init_args":
        return bytes([0x80, proto]) + INIT_ARGS_WRAPPER + b"}b" + array + rest, {"loader": "joblib", "ext": "joblib"}
    body = bytes([0x80, proto]) + WRAPPERS[how] + wrapper_state(DTYPE_U1, 5) + b"b" + array + rest
    return body, {"loader": "joblib", "ext": "joblib"}


def joblib_fixed_elsize(payload, typestr, elsize, itemsize):
    """A fixed-size dtype whose pickled state claims another elsize: numpy
    keeps its own itemsize, joblib reads count x that."""
    t = typestr.encode()
    dtype = (b"cnumpy\ndtype\n(X" + struct.pack("<I", len(t)) + t + b"\x89\x88tR(K\x03X\x01\x00\x00\x00<NNNK" +
             bytes([elsize]) + b"K" + bytes([elsize]) + b"K\x00tb")
    rest = b"0" + payload + b"."
    # pad-length byte, then itemsize bytes; read with the claimed elsize,
    # BINBYTES right after the claimed item would swallow the payload.
    head = b"\x00" + b"\x00" * elsize
    filler = itemsize - elsize - 5
    array = head + b"B" + struct.pack("<I", filler + len(rest) - 1) + b"\x00" * filler
    assert len(array) == 1 + itemsize and filler >= 0
    return bytes([0x80, 2]) + WRAPPERS["newobj"] + wrapper_state(dtype, 1) + b"b" + array + rest, \
        {"loader": "joblib", "ext": "joblib"}


def joblib_mmap_object(payload):
    """An object array with allow_mmap set: joblib.load(mmap_mode='r') maps
    its 8 bytes and seeks past them; they are no pickle for joblib.load()."""
    dtype = b"cnumpy\ndtype\n(X\x02\x00\x00\x00O8\x89\x88tR"
    rest = b"0" + payload + b"."
    array = b"\x00" + b"B" + struct.pack("<I", len(rest) + 2) + b"\x00\x00\x00"
    state = wrapper_state(dtype, 1, b"X\n\x00\x00\x00allow_mmap\x88")
    return bytes([0x80, 2]) + WRAPPERS["newobj"] + state + b"b" + array + rest, \
        {"loader": "joblib_mmap", "ext": "joblib"}


def lzma_alone(data, dict_size, lc=3, lp=0, pb=2):
    filters = [{"id": lzma.FILTER_LZMA1, "dict_size": dict_size, "lc": lc, "lp": lp, "pb": pb}]
    return lzma.compress(data, format=lzma.FORMAT_ALONE, filters=filters)


def joblib_lzma_prefix(payload, dict_size):
    """joblib's 'lzma' prefix is only 5d 00: dictionary sizes whose second
    byte is not zero still go to LZMAFile."""
    body = lzma_alone(pickle_of(payload), dict_size)
    assert body[:2] == b"\x5d\x00"
    return body, {"loader": "joblib", "ext": "joblib"}


def joblib_zf(payload, field):
    """joblib < 0.10 compat file: int(field, 16) takes more than '0x...'."""
    data = pickle_of(payload)
    header = field.format(len(data)).ljust(19).encode()
    assert len(header) == 19
    return b"ZF" + header + zlib.compress(data), {"loader": "joblib", "ext": "joblib"}


# ------------------------------------------------------------ codecs


def lzma_mixed(payload, xz_first):
    """lzma.LZMAFile decodes each concatenated stream as .xz or .lzma on its own."""
    data = pickle_of(payload)
    a, b = data[:7], data[7:]
    if xz_first:
        return lzma.compress(a) + lzma_alone(b, 1 << 16) + b"trailing", {"loader": "pandas", "ext": "xz"}
    return lzma_alone(a, 1 << 16) + lzma.compress(b), {"loader": "pandas", "ext": "xz"}


def lzma_props(payload, lc, lp, pb):
    """An .lzma stream with other lc/lp/pb than 0x5d: pandas' .xz reads it."""
    return lzma_alone(pickle_of(payload), 1 << 16, lc, lp, pb), {"loader": "pandas", "ext": "xz"}


def gzip_members(payload):
    data = pickle_of(payload)
    return gzip.compress(data[:9], mtime=0) + b"\x00\x00" + gzip.compress(data[9:], mtime=0), {"loader": "pandas", "ext": "gz"}


def bz2_streams(payload):
    data = pickle_of(payload)
    return bz2.compress(data[:9]) + bz2.compress(data[9:]), {"loader": "pandas", "ext": "bz2"}


# ------------------------------------------------------------ numpy


def npy(payload, header_text, version=1):
    """An .npy whose header spells an object dtype some other way."""
    enc = header_text.encode("utf8" if version == 3 else "latin1")
    lenfmt = "<H" if version == 1 else "<I"
    pre = b"\x93NUMPY" + bytes([version, 0])
    total = len(pre) + struct.calcsize(lenfmt) + len(enc) + 1
    enc += b" " * ((64 - total % 64) % 64) + b"\n"
    return pre + struct.pack(lenfmt, len(enc)) + enc + pickle_of(payload, 3), {"loader": "numpy", "ext": "npy"}


def npz(payload, header_text):
    member, _ = npy(payload, header_text)
    return write_zip([("arr_0.npy", member)]), {"loader": "numpy", "ext": "npz"}


NPY_HEADERS = {
    "object_name": "{'descr': 'object', 'fortran_order': False, 'shape': (1,), }",
    "o8_big_endian": "{'descr': '>O8', 'fortran_order': False, 'shape': (1,), }",
    "subarray_field": "{'descr': [('a', 'O', (2,))], 'fortran_order': False, 'shape': (1,), }",
    "tuple_descr": "{'descr': ('O', (2,)), 'fortran_order': False, 'shape': (1,), }",
    "nested_field": "{'descr': [('a', [('b', '<i4'), ('c', 'object_')])], 'fortran_order': False, 'shape': (1,), }",
    "repeated_key": "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'descr': '|O'}",
    "negative_shape": "{'descr': '|O', 'fortran_order': False, 'shape': (-1,), }",
    "bool_shape": "{'descr': '|O', 'fortran_order': True, 'shape': (True,), }",
    "python2_long": "{'descr': '|O', 'fortran_order': False, 'shape': (1L,), }",
}


def samples(payload, torch_zip=None):
    """Every sample: {name: (bytes, job)}. `torch_zip` is a torch.save seed
    (made with torch when not given)."""
    seed = torch_zip if torch_zip is not None else torch_seed()
    out = {
        "zip_data_pkl_upper": torch_renamed(seed, payload, "DATA.PKL"),
        "zip_data_pkl_mixed": torch_renamed(seed, payload, "Data.Pkl"),
        "zip_duplicate_data_pkl": torch_duplicate(seed, payload, "data.pkl"),
        "zip_duplicate_data_pkl_case": torch_duplicate(seed, payload, "dAtA.pkl"),
        "zip_dcp_evil_last": dcp_shard(seed, payload, False),
        "zip_dcp_evil_first": dcp_shard(seed, payload, True),
        "joblib_fixed_f8_elsize1": joblib_fixed_elsize(payload, "f8", 1, 8),
        "joblib_fixed_c16_elsize2": joblib_fixed_elsize(payload, "c16", 2, 16),
        "joblib_mmap_object": joblib_mmap_object(payload),
        "joblib_lzma_dict_96k": joblib_lzma_prefix(payload, 3 << 15),
        "joblib_lzma_dict_12k": joblib_lzma_prefix(payload, 3 << 12),
        "joblib_zf_without_0x": joblib_zf(payload, "{:x}"),
        "joblib_zf_signed_underscore": joblib_zf(payload, " +0x_{:X}"),
        "codecs_lzma_alone_then_xz": lzma_mixed(payload, False),
        "codecs_xz_then_alone": lzma_mixed(payload, True),
        "codecs_lzma_props_000": lzma_props(payload, 0, 0, 0),
        "codecs_lzma_props_112": lzma_props(payload, 1, 1, 2),
        "codecs_gzip_members": gzip_members(payload),
        "codecs_bz2_streams": bz2_streams(payload),
        "npz_object_name": npz(payload, NPY_HEADERS["object_name"]),
    }
    for how in [*WRAPPERS, "init_args"]:
        out[f"joblib_wrapper_{how}"] = joblib_wrapper(payload, how)
    for name, text in NPY_HEADERS.items():
        out[f"npy_{name}"] = npy(payload, text)
    out["npy_v3_utf8_field"] = npy(payload, "{'descr': [('\u00e9', '|O')], 'fortran_order': False, 'shape': (1,), }", 3)
    return out
