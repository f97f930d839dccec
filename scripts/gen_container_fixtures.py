#!/usr/bin/python3
"""Generate the container test artifacts in tests/fixtures/containers/.

    /usr/bin/python3 scripts/gen_container_fixtures.py [--out DIR] [--verify-clean]

Run it with Debian's interpreter (/usr/bin/python3): it needs torch, numpy,
scikit-learn, joblib, pandas, lz4 and py7zr (python3-py7zr), plus the
`zstd`, `bsdtar` (libarchive-tools) and `7zz` (7zip) command-line tools.

What it makes (see MANIFEST in the output folder for the expected verdicts)
  * CLEAN artifacts written by the real libraries: torch zip checkpoints
    (state_dicts, many dtypes, shared storages, tied weights, an unusual
    archive prefix, a full pickled module), TorchScript, the legacy torch
    stream, a hand-built torch <= 0.3 tar checkpoint, joblib dumps (every
    compressor, object arrays, a DataFrame), .npy/.npz files (header versions
    1/2/3, object and structured dtypes), archives and single-file compressed
    pickles (.tar.gz .zip .7z .gz .bz2 .xz .zst .lz4 .tar.xz .tar.zst) and a
    Hugging Face cache folder with relative symlinks.
  * MALICIOUS artifacts (evasion catalogue section A): payload pickles inside
    torch zips under pickle and non-pickle member names, plain pickles with a
    torch extension, legacy streams with the payload in later pickles, the old
    tar format, compressed joblib, .npy/.npz object arrays, nested archives,
    7z + "broken" nullifAI pickles, ZIP tampering (name mismatch, flag bits,
    bad CRC, duplicates, junk prefix, overlap, fail-open ordering, local-only
    entries), traversal / absolute names / links / devices, decompression and
    nesting bombs, and a Hugging Face cache with a payload checkpoint.

SAFETY: the payload is `Evil`, whose __reduce__ returns
(os.system, ("echo sentinel-test-payload",)). This script only ever WRITES
payloads (pickle.dumps / joblib.dump / np.save pickle them). Nothing malicious
is ever loaded: no pickle.load(s), torch.load, joblib.load or
np.load(allow_pickle=True) is called on anything but the CLEAN artifacts: the
object pickle of torch's own clean legacy stream is walked once by a
pure-Python unpickler whose find_class returns stubs (it imports and calls
nothing; see normalize_legacy_keys), and --verify-clean loads only MANIFEST
entries marked clean.

Determinism: fixed seeds, fixed zip/tar/gzip/7z timestamps and ownership, and
the script re-executes itself with PYTHONHASHSEED=0. The byte layout of what
torch / numpy / joblib write themselves is theirs (torch's zip output is
stable on 1.13; np.savez zip timestamps are normalised after the fact).
"""

import argparse
import binascii
import bz2
import collections
import gzip
import hashlib
import io
import lzma
import os
import pickle
import pickletools
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_OUT = os.path.join(REPO, "tests", "fixtures", "containers")

FIXED_MTIME = 1700000000            # tar / 7z member times
ZIP_DATE_TIME = (2020, 1, 1, 0, 0, 0)
COMMAND = "echo sentinel-test-payload"


# --------------------------------------------------------------------------
# The payload. Only ever pickled (written), never unpickled.
# --------------------------------------------------------------------------
class Evil:
    def __reduce__(self):
        return (os.system, (COMMAND,))


class MagicBypass:
    """Catalogue A9: the legacy magic number produced by code."""

    def __reduce__(self):
        return (eval, ("0x1950A86A20F9469CFC6C",))


def payload(protocol):
    return pickle.dumps(Evil(), protocol=protocol)


def nullifai_broken():
    """Catalogue A11: PROTO 2, GLOBAL os.system, BINUNICODE cmd, TUPLE1,
    REDUCE, POP, then an invalid opcode byte."""
    cmd = COMMAND.encode()
    return (b"\x80\x02" + b"cos\nsystem\n" + b"X" + struct.pack("<I", len(cmd)) + cmd
            + b"\x85" + b"R" + b"0" + b"\xff")


# --------------------------------------------------------------------------
# Tiny hand-written protocol-2 emitter (for the torch <= 0.3 tar format, whose
# pickles hold class references like torch.FloatStorage / torch.FloatTensor).
# --------------------------------------------------------------------------
class G:
    def __init__(self, module, name):
        self.module, self.name = module, name


def _enc(o):
    if o is None:
        return b"N"
    if o is True:
        return b"\x88"
    if o is False:
        return b"\x89"
    if isinstance(o, int):
        if 0 <= o < 256:
            return b"K" + bytes([o])
        if 0 <= o < 65536:
            return b"M" + struct.pack("<H", o)
        if -2**31 <= o < 2**31:
            return b"J" + struct.pack("<i", o)
        raw = o.to_bytes((o.bit_length() + 8) // 8, "little", signed=True)
        return b"\x8a" + bytes([len(raw)]) + raw
    if isinstance(o, str):
        raw = o.encode()
        return b"X" + struct.pack("<I", len(raw)) + raw
    if isinstance(o, G):
        return b"c" + o.module.encode() + b"\n" + o.name.encode() + b"\n"
    if isinstance(o, tuple):
        body = b"".join(_enc(x) for x in o)
        if len(o) == 0:
            return b")"
        if len(o) <= 3:
            return body + {1: b"\x85", 2: b"\x86", 3: b"\x87"}[len(o)]
        return b"(" + body + b"t"
    if isinstance(o, list):
        if not o:
            return b"]"
        return b"](" + b"".join(_enc(x) for x in o) + b"e"
    if isinstance(o, dict):
        if not o:
            return b"}"
        return b"}(" + b"".join(_enc(k) + _enc(v) for k, v in o.items()) + b"u"
    raise TypeError(type(o))


def p2(o):
    return b"\x80\x02" + _enc(o) + b"."


# --------------------------------------------------------------------------
# ZIP helpers
# --------------------------------------------------------------------------
def _dos_time(dt=ZIP_DATE_TIME):
    y, mo, d, h, mi, s = dt
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


class ZipBuilder:
    """Byte-level ZIP writer (stored entries only) for torch-like archives and
    the tampering cases. `torch_style` mimics PyTorch's writer: flags 0x0808,
    zero CRC/sizes in the local header, a data descriptor after the data and
    an 'FB' extra field padding the data to a 64-byte boundary."""

    def __init__(self):
        self.buf = bytearray()
        self.central = []

    def add_local(self, name, data, *, flags=None, crc=None, torch_style=True):
        if flags is None:
            flags = 0x0808 if torch_style else 0
        if crc is None:
            crc = binascii.crc32(data)
        nb = name.encode()
        off = len(self.buf)
        if torch_style:
            start = off + 30 + len(nb) + 4
            pad = (-start) % 64
            extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
        else:
            extra = b""
        t, d = _dos_time()
        descr = bool(flags & 0x8)
        self.buf += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 0, t, d,
                                0 if descr else crc,
                                0 if descr else len(data),
                                0 if descr else len(data),
                                len(nb), len(extra))
        self.buf += nb + extra + data
        if descr:
            self.buf += struct.pack("<IIII", 0x08074B50, crc, len(data), len(data))
        return dict(name=name, offset=off, size=len(data), crc=crc, flags=flags)

    def add_central(self, rec, *, name=None, flags=None):
        self.central.append(dict(rec, name=name or rec["name"],
                                 flags=rec["flags"] if flags is None else flags))

    def add(self, name, data, **kw):
        rec = self.add_local(name, data, **kw)
        self.add_central(rec)
        return rec

    def finish(self):
        cd_off = len(self.buf)
        t, d = _dos_time()
        cd = bytearray()
        for e in self.central:
            nb = e["name"].encode()
            cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x031E, 20, e["flags"], 0,
                              t, d, e["crc"], e["size"], e["size"], len(nb), 0, 0, 0, 0,
                              0o100644 << 16, e["offset"])
            cd += nb
        out = bytes(self.buf) + bytes(cd)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(self.central),
                           len(self.central), len(cd), cd_off, 0)
        return out


def plain_zip(members, compression=zipfile.ZIP_STORED):
    """A zip written by zipfile with fixed timestamps. members: [(name, bytes)]."""
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w") as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            zi.compress_type = compression
            zi.external_attr = 0o100644 << 16
            z.writestr(zi, data)
    return bio.getvalue()


def normalize_zip_times(data):
    """Patch the DOS time/date of every central and local header (layout and
    CRCs untouched). Used on np.savez output, which stamps the current time."""
    b = bytearray(data)
    eocd = b.rfind(b"PK\x05\x06")
    n, cd_size, cd_off = struct.unpack_from("<HII", b, eocd + 10)
    t, d = _dos_time()
    p = cd_off
    for _ in range(n):
        assert b[p:p + 4] == b"PK\x01\x02"
        struct.pack_into("<HH", b, p + 12, t, d)
        nlen, xlen, clen = struct.unpack_from("<HHH", b, p + 28)
        loc = struct.unpack_from("<I", b, p + 42)[0]
        assert b[loc:loc + 4] == b"PK\x03\x04"
        struct.pack_into("<HH", b, loc + 10, t, d)
        p += 46 + nlen + xlen + clen
    return bytes(b)


def zip_records(data):
    """(name, bytes) of every member of a CLEAN zip we wrote (container read
    only; nothing is unpickled)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


# --------------------------------------------------------------------------
# TAR / compression helpers
# --------------------------------------------------------------------------
def tar_bytes(members, fmt=tarfile.PAX_FORMAT):
    """members: [(TarInfo-or-name, bytes-or-None)]"""
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=fmt) as t:
        for ti, data in members:
            if isinstance(ti, str):
                ti = tarfile.TarInfo(ti)
            ti.mtime = FIXED_MTIME
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = "root"
            if ti.type in (tarfile.REGTYPE, tarfile.AREGTYPE):
                ti.mode = 0o644
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
            else:
                t.addfile(ti)
    return bio.getvalue()


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def zst(data):
    return subprocess.run(["zstd", "-q", "-19", "-c", "--no-progress"], input=data,
                          stdout=subprocess.PIPE, check=True).stdout


def lz4_frame(data):
    import lz4.frame
    return lz4.frame.compress(data, compression_level=9)


def seven_zip(files):
    """files: {member path: bytes}. bsdtar converts a ustar stream (fixed
    mtime, no atime/ctime) to 7z, so the output does not depend on the clock.
    Parent directories get their own entries, as `7z a dir` would make."""
    members, seen = [], set()
    for rel, data in files.items():
        parts = rel.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dname = "/".join(parts[:i])
            if dname not in seen:
                seen.add(dname)
                ti = tarfile.TarInfo(dname)
                ti.type, ti.mode = tarfile.DIRTYPE, 0o755
                members.append((ti, None))
        members.append((rel, data))
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out.7z")
        subprocess.run(["bsdtar", "--format", "7zip", "-cf", out, "@-"],
                       input=tar_bytes(members, fmt=tarfile.USTAR_FORMAT), check=True)
        with open(out, "rb") as f:
            return f.read()


def seven_zip_tools(files):
    """files: {member path: bytes}. The same archive as 7-Zip itself (`7zz`,
    Debian's 7zip package) and py7zr write it: both compress the header (an
    "encoded header"), 7-Zip with LZMA and py7zr with LZMA2, which libarchive's
    writer (seven_zip above) does not do the same way. Fixed member times."""
    import py7zr
    out = {}
    with tempfile.TemporaryDirectory() as d:
        for rel, data in files.items():
            p = os.path.join(d, "in", rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(data)
            os.utime(p, (FIXED_MTIME, FIXED_MTIME))
        target = os.path.join(d, "7zz.7z")
        subprocess.run(["7zz", "a", "-bd", "-bso0", "-mtc=off", "-mta=off", target] + list(files),
                       cwd=os.path.join(d, "in"), check=True)
        with open(target, "rb") as f:
            out["7zz"] = f.read()
        target = os.path.join(d, "py7zr.7z")
        with py7zr.SevenZipFile(target, "w") as z:
            for rel in files:
                z.write(os.path.join(d, "in", rel), rel)
        with open(target, "rb") as f:
            out["py7zr"] = f.read()
    return out


# --------------------------------------------------------------------------
# Output bookkeeping
# --------------------------------------------------------------------------
class Out:
    def __init__(self, root):
        self.root = root
        self.manifest = []

    def write(self, rel, data):
        p = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def section(self, title):
        self.manifest.append("")
        self.manifest.append("# " + title)

    def clean(self, rel):
        self.manifest.append(f"{rel} clean")

    def finding(self, rel, rule, loc):
        assert " " not in loc, loc
        self.manifest.append(f"{rel} finding {rule} {loc}")

    def error(self, rel, text):
        self.manifest.append(f"{rel} error {text}")


# --------------------------------------------------------------------------
# Objects from the real libraries
# --------------------------------------------------------------------------
def torch_objects():
    import torch
    import torch.nn as nn
    torch.manual_seed(0)

    class Small(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 2, 3)
            self.bn = nn.BatchNorm2d(2)
            self.fc = nn.Linear(8, 3)

        def forward(self, x):
            x = self.bn(self.conv(x))
            return self.fc(x.flatten(1))

    small = Small().eval()
    state = small.state_dict()

    base = torch.arange(12, dtype=torch.float32)
    tied = nn.Parameter(torch.randn(2, 3))
    dtypes = collections.OrderedDict([
        ("f16", torch.randn(2, 3).half()),
        ("bf16", torch.randn(2, 3).bfloat16()),
        ("i64", torch.arange(5, dtype=torch.int64)),
        ("i8", torch.tensor([-3, 0, 7], dtype=torch.int8)),
        ("bool", torch.tensor([True, False, True])),
        ("c64", torch.randn(2, dtype=torch.complex64)),
        ("base", base),
        ("view", base[2:8].view(2, 3)),          # shares base's storage, offset 2
        ("transposed", base.view(3, 4).t()),     # non-contiguous view
        ("tied_a", tied),                        # two keys, one Parameter
        ("tied_b", tied),
    ])

    legacy = collections.OrderedDict(state)
    legacy["f16"] = dtypes["f16"]
    legacy["i64"] = dtypes["i64"]
    legacy["base"] = base
    legacy["view"] = dtypes["view"]

    seq = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    return small, state, dtypes, legacy, seq


def torch_save_bytes(obj, path_name=None, **kw):
    """torch.save to a named path (archive prefix = basename without
    extension) or, if path_name is None, to a buffer (prefix 'archive')."""
    import torch
    if path_name is None:
        bio = io.BytesIO()
        torch.save(obj, bio, **kw)
        return bio.getvalue()
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, path_name)
        torch.save(obj, p, **kw)
        with open(p, "rb") as f:
            return f.read()


def split_pickles(data, count):
    """Offsets of the first `count` pickles of a stream (static opcode walk
    with pickletools.genops; nothing is executed). Returns [(start, end)]."""
    f = io.BytesIO(data)
    spans = []
    for _ in range(count):
        start = f.tell()
        for _op in pickletools.genops(f):
            pass
        spans.append((start, f.tell()))
    return spans


def normalize_legacy_keys(data):
    """torch's legacy writer names storages str(storage._cdata) (a pointer)
    and orders the key list and the raw storages by that name, so bytes and
    order change every run. Rename the storages '0', '1', ... in order of
    first use in the object pickle (#4), rewrite the key list (#5) sorted as
    torch sorts it, and reorder the raw storages to match. To learn each
    storage's element size, pickle #4 of this CLEAN file is walked with a
    pure-Python unpickler whose find_class imports nothing (stubs only)."""
    import re
    import torch
    spans = split_pickles(data, 5)

    class Stub:
        def __init__(self, name=""):
            self.name = name

        def __call__(self, *a, **k):
            return Stub()

        def __setitem__(self, k, v):
            pass

        def __setstate__(self, state):
            pass

    uses = []

    class NoImport(pickle._Unpickler):
        def find_class(self, module, name):
            return Stub(name)

        def persistent_load(self, pid):
            if pid[0] == "storage":
                uses.append((pid[2], pid[1].name, pid[4]))
            return Stub()

    NoImport(io.BytesIO(data[spans[3][0]:spans[3][1]])).load()
    old_keys = [arg for op, arg, _pos in pickletools.genops(data[spans[4][0]:spans[4][1]])
                if op.name == "BINUNICODE"]
    elsize = {}
    rename = {}
    for key, cls, _numel in uses:
        elsize[key] = torch._utils._element_size(getattr(torch, cls).dtype)
        rename.setdefault(key, str(len(rename)))
    assert sorted(rename) == sorted(old_keys), (rename, old_keys)

    raw, pos = {}, spans[4][1]
    for key in old_keys:
        numel = struct.unpack_from("<q", data, pos)[0]
        end = pos + 8 + numel * elsize[key]
        raw[rename[key]] = data[pos:end]
        pos = end
    assert pos == len(data)

    enc = {b"X" + struct.pack("<I", len(k)) + k.encode(): k for k in rename}
    obj = re.sub(b"|".join(re.escape(x) for x in enc),
                 lambda m: (lambda n: b"X" + struct.pack("<I", len(n)) + n.encode())(
                     rename[enc[m.group(0)]]),
                 data[spans[3][0]:spans[3][1]])
    new_keys = sorted(rename.values())
    return (data[:spans[3][0]] + obj + pickle.dumps(new_keys, protocol=2)
            + b"".join(raw[k] for k in new_keys))


def sklearn_objects():
    import numpy as np
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    rng = np.random.RandomState(0)
    X = rng.randn(20, 3)
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())]).fit(X, y)
    rf = RandomForestClassifier(n_estimators=2, max_depth=2, random_state=0).fit(X, y)
    return {"pipeline": pipe, "forest": rf}


def joblib_bytes(obj, compress):
    import joblib
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "x.joblib")
        joblib.dump(obj, p, compress=compress)
        with open(p, "rb") as f:
            return f.read()


def npy_bytes(arr, version=None, allow_pickle=False):
    import numpy as np
    bio = io.BytesIO()
    if version is None:
        np.save(bio, arr, allow_pickle=allow_pickle)
    else:
        np.lib.format.write_array(bio, arr, version=version, allow_pickle=allow_pickle)
    return bio.getvalue()


def npz_bytes(compressed=False, **arrays):
    import numpy as np
    bio = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(bio, **arrays)
    return normalize_zip_times(bio.getvalue())


def object_array(*items):
    import numpy as np
    a = np.empty(len(items), dtype=object)
    for i, x in enumerate(items):
        a[i] = x
    return a


def hf_cache(out, root, repo_dir, files):
    """Lay out a huggingface_hub cache: blobs named by etag (sha256 for LFS
    files, git blob sha1 otherwise), refs/main, and snapshot entries as
    relative symlinks ../../blobs/<etag>. files: {name: (bytes, is_lfs)}."""
    base = os.path.join(out.root, root, repo_dir)
    revision = hashlib.sha1((root + repo_dir).encode()).hexdigest()
    os.makedirs(os.path.join(base, "blobs"), exist_ok=True)
    os.makedirs(os.path.join(base, "refs"), exist_ok=True)
    snap = os.path.join(base, "snapshots", revision)
    os.makedirs(snap, exist_ok=True)
    with open(os.path.join(base, "refs", "main"), "w") as f:
        f.write(revision)
    for name, (data, lfs) in files.items():
        if lfs:
            etag = hashlib.sha256(data).hexdigest()
        else:
            etag = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        with open(os.path.join(base, "blobs", etag), "wb") as f:
            f.write(data)
        os.symlink(os.path.join("..", "..", "blobs", etag), os.path.join(snap, name))
    return revision


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------
def generate(out):
    import numpy as np
    import pandas as pd
    import torch

    torch.set_num_threads(1)
    small, state, dtypes, legacy_obj, seq = torch_objects()

    # ---------------- clean: torch ------------------------------------------
    out.section("CLEAN: torch zip checkpoints (torch.save, prefix = basename without extension)")
    out.write("torch_state_dict.pt", torch_save_bytes(state, "torch_state_dict.pt"))
    out.clean("torch_state_dict.pt")
    out.write("torch_dtypes_shared.pt", torch_save_bytes(dtypes, "torch_dtypes_shared.pt"))
    out.clean("torch_dtypes_shared.pt")
    out.write("torch_state_dict.bin", torch_save_bytes(state, "torch_state_dict.bin"))
    out.clean("torch_state_dict.bin")
    # saved as weights_v2.ckpt, so the archive prefix is weights_v2/
    out.write("torch_prefix_weights_v2.ckpt", torch_save_bytes(state, "weights_v2.ckpt"))
    out.clean("torch_prefix_weights_v2.ckpt")
    out.write("torch_full_module.pt", torch_save_bytes(seq, "torch_full_module.pt"))
    out.clean("torch_full_module.pt")
    clean_torch_buf = torch_save_bytes(state)          # prefix 'archive'
    out.write("torch_buffer_prefix_archive.pt", clean_torch_buf)
    out.clean("torch_buffer_prefix_archive.pt")

    out.section("CLEAN: TorchScript")
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "torchscript_small.pt")
        torch.jit.save(torch.jit.script(small), p)
        with open(p, "rb") as f:
            out.write("torchscript_small.pt", f.read())
    out.clean("torchscript_small.pt")

    out.section("CLEAN: torch legacy stream (_use_new_zipfile_serialization=False)")
    legacy = normalize_legacy_keys(
        torch_save_bytes(legacy_obj, "x.pt", _use_new_zipfile_serialization=False))
    out.write("torch_legacy.pt", legacy)
    out.clean("torch_legacy.pt")

    out.section("CLEAN: torch <= 0.3 tar format (hand-built, formats.md C5)")
    out.write("torch_legacy_tar.tar", old_tar_checkpoint())
    out.clean("torch_legacy_tar.tar")

    # ---------------- clean: joblib -----------------------------------------
    out.section("CLEAN: joblib (sklearn Pipeline + RandomForest; every compressor)")
    models = sklearn_objects()
    compressors = [("none", 0), ("zlib", ("zlib", 3)), ("gzip", ("gzip", 3)),
                   ("bz2", ("bz2", 3)), ("xz", ("xz", 3)), ("lzma", ("lzma", 3)),
                   ("lz4", ("lz4", 3))]
    for tag, comp in compressors:
        rel = f"joblib_sklearn_{tag}.joblib"
        out.write(rel, joblib_bytes(models, comp))
        out.clean(rel)
    out.write("joblib_object_array.joblib", joblib_bytes(
        {"objects": object_array("alpha", 7, [1, 2, 3], {"k": "v"}, None),
         "numbers": np.arange(10, dtype=np.float64)}, 0))
    out.clean("joblib_object_array.joblib")
    df = pd.DataFrame({"a": np.arange(5, dtype=np.int64), "b": np.linspace(0, 1, 5),
                       "c": ["v", "w", "x", "y", "z"]})
    out.write("joblib_dataframe.joblib", joblib_bytes(df, 0))
    out.clean("joblib_dataframe.joblib")

    # ---------------- clean: numpy ------------------------------------------
    out.section("CLEAN: numpy .npy / .npz")
    rng = np.random.RandomState(0)
    fl = rng.rand(3, 4).astype(np.float32)
    objs = object_array("text", 42, [1, "two", 3.0], ("t", 1))
    out.write("npy_float_v1.npy", npy_bytes(fl))
    out.clean("npy_float_v1.npy")
    out.write("npy_object.npy", npy_bytes(objs, allow_pickle=True))
    out.clean("npy_object.npy")
    structured = np.array([(1, 2.5, b"ab"), (3, -1.0, b"cd")],
                          dtype=[("id", "<i4"), ("score", "<f8"), ("tag", "S2")])
    out.write("npy_structured.npy", npy_bytes(structured))
    out.clean("npy_structured.npy")
    out.write("npy_float_v2.npy", npy_bytes(fl, version=(2, 0)))
    out.clean("npy_float_v2.npy")
    out.write("npy_float_v3.npy", npy_bytes(fl, version=(3, 0)))
    out.clean("npy_float_v3.npy")
    clean_npz = npz_bytes(numbers=fl, objects=objs)
    out.write("npz_plain.npz", clean_npz)
    out.clean("npz_plain.npz")
    out.write("npz_compressed.npz", npz_bytes(compressed=True, numbers=fl, objects=objs))
    out.clean("npz_compressed.npz")

    # ---------------- clean: archives ---------------------------------------
    out.section("CLEAN: archives and compressed single files")
    plain_dict = pickle.dumps({"name": "tiny", "sizes": [1, 2, 3], "ratio": 0.5}, protocol=4)
    out.write("archive_torch_npz.tar.gz", gz(tar_bytes([
        ("checkpoint/model.pt", clean_torch_buf), ("checkpoint/arrays.npz", clean_npz)])))
    out.clean("archive_torch_npz.tar.gz")
    out.write("archive_npz.zip", plain_zip([("data/arrays.npz", clean_npz)]))
    out.clean("archive_npz.zip")
    out.write("archive_torch.7z", seven_zip({"model.pt": clean_torch_buf}))
    out.clean("archive_torch.7z")
    for ext, fn in (("gz", gz), ("bz2", bz2.compress), ("xz", lzma.compress),
                    ("zst", zst), ("lz4", lz4_frame)):
        rel = f"plain_dict.pkl.{ext}"
        out.write(rel, fn(plain_dict))
        out.clean(rel)
    inner_tar = tar_bytes([("bundle/state.pkl", plain_dict)])
    out.write("pickle_bundle.tar.xz", lzma.compress(inner_tar))
    out.clean("pickle_bundle.tar.xz")
    out.write("pickle_bundle.tar.zst", zst(inner_tar))
    out.clean("pickle_bundle.tar.zst")

    out.section("CLEAN: Hugging Face cache folder (snapshot entries are relative symlinks)")
    config = b'{"architectures": ["Tiny"], "hidden_size": 8}\n'
    hf_model = torch_save_bytes(state, "pytorch_model.bin")
    hf_cache(out, "hf_cache", "models--acme--tiny",
             {"pytorch_model.bin": (hf_model, True), "config.json": (config, False)})
    out.clean("hf_cache")

    # ================= MALICIOUS ============================================
    recs = zip_records(clean_torch_buf)               # archive/data.pkl, data/0.., version
    clean_pkl = dict(recs)["archive/data.pkl"]
    others = [(n, d) for n, d in recs if n != "archive/data.pkl"]

    def torch_zip(datapkl, extra=()):
        zb = ZipBuilder()
        zb.add("archive/data.pkl", datapkl)
        for n, d in list(others) + list(extra):
            zb.add(n, d)
        return zb.finish()

    out.section("MALICIOUS: payload in torch zip members (catalogue A1, A2)")
    out.write("torch_zip_payload_datapkl.pt", torch_zip(payload(2)))
    out.finding("torch_zip_payload_datapkl.pt", "PICKLE-EXEC",
                "torch_zip_payload_datapkl.pt!archive/data.pkl")
    out.write("torch_zip_hidden_config_json.pt",
              torch_zip(clean_pkl, [("archive/config.json", payload(4))]))
    out.finding("torch_zip_hidden_config_json.pt", "PICKLE-EXEC",
                "torch_zip_hidden_config_json.pt!archive/config.json")
    out.write("torch_zip_hidden_notes_p0.pt",
              torch_zip(clean_pkl, [("archive/notes.txt", payload(0))]))
    out.finding("torch_zip_hidden_notes_p0.pt", "PICKLE-EXEC",
                "torch_zip_hidden_notes_p0.pt!archive/notes.txt")

    out.section("MALICIOUS: plain pickle with a torch extension (catalogue A7)")
    out.write("plain_payload.bin", payload(4))
    out.finding("plain_payload.bin", "PICKLE-EXEC", "plain_payload.bin@")

    out.section("MALICIOUS: legacy torch stream (catalogue A8, A9, A15)")
    spans = split_pickles(legacy, 5)
    parts = [legacy[a:b] for a, b in spans]
    tail = legacy[spans[-1][1]:]                      # raw storage bytes
    variants = {
        "legacy_payload_third.pt": parts[0] + parts[1] + payload(2) + parts[3] + parts[4] + tail,
        "legacy_payload_fourth.pt": parts[0] + parts[1] + parts[2] + payload(2) + parts[4] + tail,
        "legacy_payload_sixth.pt": legacy + payload(2),
    }
    for rel, data in variants.items():
        out.write(rel, data)
        out.finding(rel, "PICKLE-EXEC", rel + "@")
    magic = b"".join(pickle.dumps(o, protocol=2)
                     for o in (MagicBypass(), 1001, {}, [], Evil(), None))
    out.write("legacy_magic_by_code.pt", magic)
    out.finding("legacy_magic_by_code.pt", "PICKLE-EXEC", "legacy_magic_by_code.pt@")

    out.section("MALICIOUS: torch <= 0.3 tar format (catalogue A10)")
    out.write("legacy_tar_payload.tar", old_tar_checkpoint(storages_payload="first"))
    out.finding("legacy_tar_payload.tar", "PICKLE-EXEC", "legacy_tar_payload.tar!storages")
    # payload as the storage_views pickle, i.e. after the raw storage bytes
    out.write("legacy_tar_payload_views.tar", old_tar_checkpoint(storages_payload="views"))
    out.finding("legacy_tar_payload_views.tar", "PICKLE-EXEC",
                "legacy_tar_payload_views.tar!storages")

    out.section("MALICIOUS: joblib (catalogue A12); compression adds no chain entry")
    evil_obj = {"weights": np.arange(8, dtype=np.float32), "payload": Evil()}
    for tag, comp in compressors[1:]:
        rel = f"joblib_payload_{tag}.joblib"
        out.write(rel, joblib_bytes(evil_obj, comp))
        out.finding(rel, "PICKLE-EXEC", rel + "@")
    out.write("joblib_payload_after_array.joblib",
              joblib_bytes([np.arange(64, dtype=np.float64), Evil()], 0))
    out.finding("joblib_payload_after_array.joblib", "PICKLE-EXEC",
                "joblib_payload_after_array.joblib@")

    out.section("MALICIOUS: numpy object arrays (catalogue A16)")
    evil_arr = object_array("fine", Evil())
    out.write("npz_payload.npz", npz_bytes(numbers=fl, arr=evil_arr))
    out.finding("npz_payload.npz", "PICKLE-EXEC", "npz_payload.npz!arr.npy")
    out.write("npy_payload_object.npy", npy_bytes(evil_arr, allow_pickle=True))
    out.finding("npy_payload_object.npy", "PICKLE-EXEC", "npy_payload_object.npy@")

    out.section("MALICIOUS: nested archives (catalogue A13)")
    project = plain_zip([("model/config.json", config), ("model/data.pkl", payload(2))],
                        compression=zipfile.ZIP_DEFLATED)
    out.write("export.tar.gz", gz(tar_bytes([("README.txt", b"export\n"),
                                              ("project.zip", project)])))
    out.finding("export.tar.gz", "PICKLE-EXEC", "export.tar.gz!project.zip!model/data.pkl")
    lvl3 = torch_zip(payload(2))
    lvl2 = plain_zip([("level3.zip", lvl3)])
    out.write("nested_zip3.zip", plain_zip([("level2.zip", lvl2)]))
    out.finding("nested_zip3.zip", "PICKLE-EXEC",
                "nested_zip3.zip!level2.zip!level3.zip!archive/data.pkl")

    out.section("MALICIOUS: 7z + nullifAI broken pickle (catalogue A11)")
    broken = nullifai_broken()
    out.write("nullifai_broken.7z", seven_zip({"archive/data.pkl": broken}))
    out.finding("nullifai_broken.7z", "PICKLE-EXEC", "nullifai_broken.7z!archive/data.pkl")
    for tool, data in seven_zip_tools({"archive/data.pkl": broken}).items():
        rel = f"nullifai_broken_{tool}.7z"
        out.write(rel, data)
        out.finding(rel, "PICKLE-EXEC", f"{rel}!archive/data.pkl")
    out.write("nullifai_broken.zip", plain_zip([("archive/data.pkl", broken)]))
    out.finding("nullifai_broken.zip", "PICKLE-EXEC", "nullifai_broken.zip!archive/data.pkl")
    out.write("nullifai_broken.pkl", broken)
    out.finding("nullifai_broken.pkl", "PICKLE-EXEC", "nullifai_broken.pkl@")

    out.section("MALICIOUS: ZIP tampering on torch zips (catalogue A3-A6); "
                "the payload is found under the central-directory name")
    P = payload(2)

    def tamper(rel, data, exec_member="archive/data.pkl"):
        out.write(rel, data)
        out.finding(rel, "PICKLE-STRUCT", rel)
        out.finding(rel, "PICKLE-EXEC", f"{rel}!{exec_member}")

    # A3: local header name != central name (first occurrence = local header)
    z = torch_zip(P)
    i = z.find(b"archive/data.pkl")
    assert 0 < i < 64
    tamper("zip_tamper_local_name.pt", z[:i] + b"archive/datap.kl" + z[i + 16:])

    # A4: flag bits in both local and central header
    for bit in (0x01, 0x20, 0x40):
        zb = ZipBuilder()
        zb.add("archive/data.pkl", P, flags=0x0808 | bit)
        for n, d in others:
            zb.add(n, d)
        tamper(f"zip_tamper_flag_0x{bit:02x}.pt", zb.finish())

    # A5: bad CRC: the stored command is patched after the CRC was computed
    assert COMMAND.encode() in P
    patched = P.replace(b"payload", b"paYload")
    zb = ZipBuilder()
    zb.add("archive/data.pkl", patched, crc=binascii.crc32(P))
    for n, d in others:
        zb.add(n, d)
    tamper("zip_tamper_bad_crc.pt", zb.finish())

    # duplicate names: benign archive/data.pkl, then the payload under the same name
    zb = ZipBuilder()
    zb.add("archive/data.pkl", clean_pkl)
    zb.add("archive/data.pkl", P)
    for n, d in others:
        zb.add(n, d)
    tamper("zip_tamper_duplicate_name.pt", zb.finish())

    # junk before the first local header (offsets not adjusted; zipfile copes)
    junk = (b"SENTINEL-JUNK-PREFIX-" * 5)[:100]
    tamper("zip_tamper_junk_prefix.pt", junk + torch_zip(P))

    # overlapping entries: a second central entry pointing at data.pkl's local header
    zb = ZipBuilder()
    rec = zb.add("archive/data.pkl", P)
    zb.add_central(rec, name="archive/alias.pkl")
    for n, d in others:
        zb.add(n, d)
    tamper("zip_tamper_overlap.pt", zb.finish())

    # A6 fail-open: a member zipfile.open() refuses (encrypted bit) listed first
    zb = ZipBuilder()
    zb.add("archive/byteorder", b"little", flags=0x0808 | 0x01)
    zb.add("archive/data.pkl", P)
    for n, d in others:
        zb.add(n, d)
    tamper("zip_tamper_failopen_order.pt", zb.finish())

    # local-only member: a local header + payload the central directory omits
    # (central data.pkl is clean, so only the hidden entry carries the payload)
    zb = ZipBuilder()
    zb.add("archive/data.pkl", clean_pkl)
    for n, d in others:
        zb.add(n, d)
    zb.add_local("archive/hidden.pkl", P, torch_style=False)
    tamper("zip_tamper_local_only.pt", zb.finish(), exec_member="archive/hidden.pkl")

    out.section("MALICIOUS: traversal, absolute names, links, devices")
    out.write("zip_traversal.zip", plain_zip([("ok.txt", b"ok\n"), ("../../evil.pkl", P)]))
    out.finding("zip_traversal.zip", "PICKLE-STRUCT", "zip_traversal.zip")
    out.finding("zip_traversal.zip", "PICKLE-EXEC", "zip_traversal.zip!../../evil.pkl")
    out.write("tar_absolute.tar", tar_bytes([("/tmp/evil.pkl", P)]))
    out.finding("tar_absolute.tar", "PICKLE-STRUCT", "tar_absolute.tar")
    out.finding("tar_absolute.tar", "PICKLE-EXEC", "tar_absolute.tar!/tmp/evil.pkl")
    ln = tarfile.TarInfo("model/passwd.pkl")
    ln.type, ln.linkname, ln.mode = tarfile.SYMTYPE, "/etc/passwd", 0o777
    out.write("tar_symlink.tar", tar_bytes([("model/state.pkl", plain_dict), (ln, None)]))
    out.finding("tar_symlink.tar", "PICKLE-STRUCT", "tar_symlink.tar")
    dev = tarfile.TarInfo("model/weights.bin")
    dev.type, dev.devmajor, dev.devminor, dev.mode = tarfile.CHRTYPE, 1, 5, 0o644  # /dev/zero
    out.write("tar_chardev.tar", tar_bytes([("model/state.pkl", plain_dict), (dev, None)]))
    out.finding("tar_chardev.tar", "PICKLE-STRUCT", "tar_chardev.tar")

    out.section("MALICIOUS: bombs (expansion ratio and nesting depth)")
    bomb_mb = 200
    bomb = gzip_zeros(bomb_mb << 20)
    if len(bomb) > 300 * 1024:
        bomb_mb = 100
        bomb = gzip_zeros(bomb_mb << 20)
    out.write(f"bomb_zeros_{bomb_mb}m.gz", bomb)
    out.finding(f"bomb_zeros_{bomb_mb}m.gz", "PICKLE-STRUCT", f"bomb_zeros_{bomb_mb}m.gz")
    zeros = bytes(bomb_mb << 20)
    out.write(f"bomb_zeros_{bomb_mb}m.bz2", bz2.compress(zeros, 9))
    out.finding(f"bomb_zeros_{bomb_mb}m.bz2", "PICKLE-STRUCT", f"bomb_zeros_{bomb_mb}m.bz2")
    out.write(f"bomb_zeros_{bomb_mb}m.zst", zst(zeros))
    out.finding(f"bomb_zeros_{bomb_mb}m.zst", "PICKLE-STRUCT", f"bomb_zeros_{bomb_mb}m.zst")
    del zeros
    inner = plain_zip([("data.pkl", plain_dict)])
    for lvl in range(10, 0, -1):                       # outer file + 10 zips inside it
        inner = plain_zip([(f"level{lvl:02d}.zip", inner)])
    out.write("zip_nest_10.zip", inner)
    out.finding("zip_nest_10.zip", "PICKLE-STRUCT", "zip_nest_10.zip")

    out.section("MALICIOUS: Hugging Face cache with a payload checkpoint "
                "(reported under the snapshot symlink path)")
    zb = ZipBuilder()
    zb.add("pytorch_model/data.pkl", P)
    for n, d in others:
        zb.add("pytorch_model/" + n.split("/", 1)[1], d)
    hf_cache(out, "hf_cache_payload", "models--acme--evil",
             {"pytorch_model.bin": (zb.finish(), True), "config.json": (config, False)})
    out.finding("hf_cache_payload", "PICKLE-EXEC", "pytorch_model.bin!pytorch_model/data.pkl")


def gzip_zeros(n):
    bio = io.BytesIO()
    with gzip.GzipFile(fileobj=bio, mode="wb", compresslevel=9, mtime=0, filename="") as g:
        chunk = bytes(1 << 20)
        for _ in range(n >> 20):
            g.write(chunk)
    return bio.getvalue()


def old_tar_checkpoint(storages_payload=None):
    """torch <= 0.3 tar checkpoint (formats.md C5; layout per torch 1.13's
    _legacy_load.legacy_load). Storage keys are ints; the `pickle` member
    refers to tensors by persistent id = str(key)."""
    import numpy as np
    w = np.arange(6, dtype="<f4") / 4
    ids = np.array([3, 1, 4, 1], dtype="<i8")

    st = bytearray()
    if storages_payload == "first":
        st += payload(2)                               # unpickled as num_storages
    else:
        st += p2(2)
    st += p2((1, "cpu", G("torch", "FloatStorage"))) + struct.pack("<q", w.size) + w.tobytes()
    st += p2((2, "cpu", G("torch", "LongStorage"))) + struct.pack("<q", ids.size) + ids.tobytes()
    if storages_payload == "views":
        st += payload(2)                               # unpickled as storage_views
    else:
        st += p2([(3, 1, 2, 4)])                       # storage 3 = view of 1, offset 2, numel 4

    def tensor(key, sid, ttype, size, stride, off):
        return (p2((key, sid, G("torch", ttype))) + struct.pack("<i", len(size)) + b"\0" * 4
                + struct.pack(f"<{len(size)}q", *size) + struct.pack(f"<{len(size)}q", *stride)
                + struct.pack("<q", off))

    te = (p2(3) + tensor(10, 1, "FloatTensor", (2, 3), (3, 1), 0)
          + tensor(11, 2, "LongTensor", (4,), (1,), 0)
          + tensor(12, 3, "FloatTensor", (2, 2), (2, 1), 0))

    class Ref:
        def __init__(self, key):
            self.key = key

    class P(pickle.Pickler):
        def persistent_id(self, obj):
            return str(obj.key) if isinstance(obj, Ref) else None

    bio = io.BytesIO()
    P(bio, protocol=2).dump(collections.OrderedDict(
        [("fc.weight", Ref(10)), ("ids", Ref(11)), ("window", Ref(12))]))
    sys_info = p2({"protocol_version": 1001, "little_endian": True,
                   "type_sizes": {"short": 2, "int": 4, "long": 8}})
    return tar_bytes([("sys_info", sys_info), ("pickle", bio.getvalue()),
                      ("storages", bytes(st)), ("tensors", te)])


# --------------------------------------------------------------------------
# Optional: prove the CLEAN artifacts are what the real loaders read.
# --------------------------------------------------------------------------
def verify_clean(root):
    import joblib
    import numpy as np
    import torch
    entries = []
    with open(os.path.join(root, "MANIFEST")) as f:
        for line in f:
            fields = line.split()
            if fields and not fields[0].startswith("#"):
                entries.append(fields)
    clean = {e[0] for e in entries if e[1] == "clean"}
    dirty = {e[0] for e in entries if e[1] != "clean"}
    assert not clean & dirty, clean & dirty

    def load_torch(p):
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as z:
                if any(n.endswith("/constants.pkl") for n in z.namelist()):
                    return torch.jit.load(p)
        return torch.load(p)

    def load_bytes_pickle(data):
        return pickle.loads(data)

    for rel in sorted(clean):
        assert rel not in dirty
        p = os.path.join(root, rel)
        if rel.endswith((".pt", ".bin", ".ckpt", ".tar")):
            obj = load_torch(p)
        elif rel.endswith(".joblib"):
            obj = joblib.load(p)
        elif rel.endswith((".npy", ".npz")):
            obj = np.load(p, allow_pickle=True)
            if hasattr(obj, "files"):
                obj = {k: obj[k] for k in obj.files}
        elif rel.startswith("plain_dict.pkl."):
            ext = rel.rsplit(".", 1)[1]
            with open(p, "rb") as f:
                data = f.read()
            if ext == "zst":
                data = subprocess.run(["zstd", "-dqc"], input=data, stdout=subprocess.PIPE,
                                      check=True).stdout
            else:
                import lz4.frame
                data = {"gz": gzip.decompress, "bz2": bz2.decompress, "xz": lzma.decompress,
                        "lz4": lz4.frame.decompress}[ext](data)
            obj = load_bytes_pickle(data)
        elif rel == "hf_cache":
            snap = os.path.join(p, "models--acme--tiny", "snapshots")
            rev = os.listdir(snap)[0]
            obj = torch.load(os.path.join(snap, rev, "pytorch_model.bin"))
        else:
            print(f"  (not loaded: {rel})")
            continue
        print(f"  loaded {rel}: {type(obj).__name__}")


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--verify-clean", action="store_true",
                    help="after generating, load every artifact marked clean with its library")
    args = ap.parse_args()

    root = os.path.abspath(args.out)
    if os.path.isdir(root):
        shutil.rmtree(root)
    os.makedirs(root)
    out = Out(root)
    generate(out)

    import joblib, numpy, sklearn, torch, pandas  # noqa: E401 (versions for the header)
    header = [
        "# Container fixtures for Sentinel; generated by scripts/gen_container_fixtures.py.",
        "# Do not edit by hand: rerun the script.",
        f"# python {sys.version.split()[0]}, torch {torch.__version__}, numpy {numpy.__version__},"
        f" joblib {joblib.__version__}, sklearn {sklearn.__version__}, pandas {pandas.__version__}",
        "#",
        "# <path> clean                          nothing at HIGH/CRITICAL, no per-file error",
        "# <path> finding <RULE> <loc-substring> a finding of RULE whose location contains it",
        "# <path> error <substring>              the file ends with a per-file error",
        "# Paths are relative to this folder; locations are <path>!<entry>!...@<offset>.",
        "# Payload everywhere: os.system('" + COMMAND + "') (pickled as posix.system),",
        "# except nullifai_* (GLOBAL os.system) and legacy_magic_by_code.pt (also builtins.eval).",
    ]
    with open(os.path.join(root, "MANIFEST"), "w") as f:
        f.write("\n".join(header + out.manifest) + "\n")

    total = 0
    for dp, _dn, fns in os.walk(root):
        for fn in fns:
            p = os.path.join(dp, fn)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    print(f"wrote {root}: {total} bytes")
    if args.verify_clean:
        verify_clean(root)


if __name__ == "__main__":
    main()
