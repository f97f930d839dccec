#!/usr/bin/python3
"""Container-level differential harness: real loaders against Sentinel.

Benign containers are written with the real libraries (torch.save, both
formats; joblib.dump with every compressor; numpy .npy/.npz; pandas
to_pickle), then MUTATED structurally (record casing, duplicates, prefixes,
back-to-back zips, compressor prefixes and headers, joblib wrapper
construction, dtype state, .npy header spellings) and byte-wise, with a probe
pickle that imports a unique global (sentinel_probe_mod.probe_N). Each
mutant is loaded by the REAL loader in a resource-limited forked child whose
unpicklers record and refuse (scripts/difftest/container_loader.py), and
scanned by Sentinel's CLI. Every untrusted import the loader reached must be
named by Sentinel's findings; anything else is a divergence, written to
tests/difftest/containers/divergences/ with the loader's imports beside it.

  containers.py run --seconds 3600 [--seed N] [--sentinel PATH]
  containers.py replay [--sentinel PATH]   # re-checks the committed files

Replay needs no torch: it compares Sentinel with the expectations recorded in
tests/difftest/containers/EXPECTED.tsv (file, loader, imports).
"""

import argparse
import bz2
import gzip
import io
import json
import lzma
import os
import pathlib
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib

from loader_samples import INIT_ARGS_WRAPPER, WRAPPERS as SAMPLE_WRAPPERS

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests/difftest/containers"
LOADER = pathlib.Path(__file__).resolve().parent / "container_loader.py"
PROBE_MODULE = "sentinel_probe_mod"


def trusted_names():
    out = set()
    for line in (ROOT / "data/allowlist.txt").read_text().splitlines():
        line = line.split("#", 1)[0].rstrip()
        parts = line.split(" ")
        if len(parts) >= 2:
            out.add((parts[0], parts[1]))
    return out


# ---------------------------------------------------------------- probes


def probe_ops(n, shape="plain"):
    """Opcodes (no PROTO/STOP) that import and call the probe, leaving one value."""
    g = f"c{PROBE_MODULE}\nprobe_{n}\n".encode()
    if shape == "plain":
        return g + b")R"
    if shape == "dict":
        return b"}(X\x01\x00\x00\x00w" + g + b")Ru"
    if shape == "newobj":
        return g + b")\x81"
    if shape == "build":
        return g + b")R}(X\x01\x00\x00\x00kK\x01ub"
    raise ValueError(shape)


def probe_pickle(n, shape="plain", proto=2):
    return bytes([0x80, proto]) + probe_ops(n, shape) + b"."


def torch_persid_probe(n, key="0"):
    """A data.pkl that loads a storage through torch's persistent_load (plain
    pickle.load raises there), then imports the probe."""
    pid = (b"(X\x07\x00\x00\x00storage" + b"ctorch\nFloatStorage\n" + b"X" + struct.pack("<I", len(key)) +
           key.encode() + b"X\x03\x00\x00\x00cpuK\x01tQ")
    return b"\x80\x02" + pid + b"0" + probe_ops(n, "dict") + b"."


# ---------------------------------------------------------------- seeds


def make_seeds(d):
    """Benign containers from the real libraries (our own objects only)."""
    import joblib
    import numpy as np
    import pandas as pd
    import torch

    d.mkdir(parents=True, exist_ok=True)
    seeds = {}
    sd = {"w": torch.arange(4, dtype=torch.float32), "b": torch.zeros(2)}
    b = io.BytesIO()
    torch.save(sd, b)
    seeds["torch_zip"] = b.getvalue()
    b = io.BytesIO()
    torch.save(sd, b, _use_new_zipfile_serialization=False)
    seeds["torch_legacy"] = b.getvalue()
    m = torch.jit.script(torch.nn.Linear(2, 2))
    b = io.BytesIO()
    torch.jit.save(m, b)
    seeds["torchscript"] = b.getvalue()
    obj = {"a": np.arange(5, dtype="uint8"), "f": np.ones(3), "o": np.array([1, "x"], dtype=object)}
    for comp in ["none", "zlib", "gzip", "bz2", "lzma", "xz", "lz4"]:
        b = io.BytesIO()
        try:
            joblib.dump(obj, b, compress=0 if comp == "none" else (comp, 3))
        except Exception:  # noqa: BLE001 - lz4 may be missing
            continue
        seeds[f"joblib_{comp}"] = b.getvalue()
    b = io.BytesIO()
    np.save(b, np.array([1, "x", None], dtype=object), allow_pickle=True)
    seeds["npy_object"] = b.getvalue()
    b = io.BytesIO()
    np.savez(b, a=np.arange(3), o=np.array([1, "x"], dtype=object))
    seeds["npz"] = b.getvalue()
    df = pd.DataFrame({"x": [1, 2]})
    for comp in ["gzip", "bz2", "xz"]:
        p = d / f"df.pkl.{comp}"
        df.to_pickle(p, compression=comp)
        seeds[f"pandas_{comp}"] = p.read_bytes()
    return seeds


# ---------------------------------------------------------------- zip helpers


def zip_entries(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    return [(i.filename, z.read(i)) for i in z.infolist()]


def write_zip(entries, method=zipfile.ZIP_STORED):
    b = io.BytesIO()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(b, "w", method) as z:
            for name, data in entries:
                z.writestr(zipfile.ZipInfo(name), data)
    return b.getvalue()


def random_case(rng, s):
    while True:
        out = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in s)
        if out != s or not any(c.isalpha() for c in s):
            return out


# ---------------------------------------------------------------- mutators
# Each returns (tag, bytes, job) where job is the loader's job minus "path".


def mut_torch_zip(rng, seeds, n):
    entries = zip_entries(seeds["torch_zip"])
    prefix = entries[0][0].split("/")[0]
    data_pkl = f"{prefix}/data.pkl"
    probe = torch_persid_probe(n) if rng.random() < 0.6 else probe_pickle(n, rng.choice(["plain", "dict"]))
    kind = rng.choice(["case", "dup_exact", "dup_case", "prefix", "storage_case", "reorder", "deflate", "plain"])
    out = []
    if kind == "case":
        name = random_case(rng, "data.pkl")
        pfx = random_case(rng, prefix) if rng.random() < 0.3 else prefix
        for nm, b in entries:
            out.append((f"{pfx}/{name}", probe) if nm == data_pkl else (nm, b))
        if pfx != prefix:  # the first entry gives the prefix: keep it lower-case
            out.sort(key=lambda e: 0 if e[0].startswith(prefix + "/") else 1)
    elif kind in ("dup_exact", "dup_case"):
        name = data_pkl if kind == "dup_exact" else f"{prefix}/{random_case(rng, 'data.pkl')}"
        out = list(entries)
        pos = rng.randrange(1, len(out) + 1)
        out.insert(pos, (name, probe))
    elif kind == "prefix":
        other = rng.choice(["zzz", "model", "a", "Archive", "x" * 7])
        out = [(f"{other}/data.pkl", probe)] + [(nm.replace(prefix + "/", other + "/", 1), b) for nm, b in entries
                                                if nm != data_pkl] + [(data_pkl, dict(entries)[data_pkl])]
    elif kind == "storage_case":
        for nm, b in entries:
            if nm == data_pkl:
                out.append((nm, probe))
            elif nm.startswith(prefix + "/data/"):
                out.append((prefix + "/" + random_case(rng, "data") + nm[len(prefix) + 5:], b))
            else:
                out.append((nm, b))
    elif kind == "reorder":
        out = [(nm, probe if nm == data_pkl else b) for nm, b in entries]
        first = out[0]
        rest = out[1:]
        rng.shuffle(rest)
        out = [first] + rest
    else:
        out = [(nm, probe if nm == data_pkl else b) for nm, b in entries]
    method = zipfile.ZIP_DEFLATED if kind == "deflate" else zipfile.ZIP_STORED
    return f"torch-{kind}", write_zip(out, method), {"loader": "torch"}


def mut_dcp(rng, seeds, n):
    """A torch.distributed.checkpoint shard: torch.save items back to back,
    raw bytes between; the reader torch.loads each item's byte range."""
    benign = seeds["torch_zip"]
    entries = zip_entries(benign)
    prefix = entries[0][0].split("/")[0]
    evil = write_zip([(nm, torch_persid_probe(n) if nm == f"{prefix}/data.pkl" else b) for nm, b in entries])
    items = [benign, evil] if rng.random() < 0.5 else [evil, benign]
    if rng.random() < 0.5:
        items.insert(rng.randrange(len(items) + 1), benign)
    shard, ranges = b"", []
    for it in items:
        if rng.random() < 0.5:
            shard += os.urandom(rng.randrange(1, 64)).replace(b"PK", b"pk")
        ranges.append([len(shard), len(it)])
        shard += it
    return "torch-dcp", shard, {"loader": "torch", "ranges": ranges}


def pickle_stream_ends(data):
    import pickletools

    ends, pos = [], 0
    while pos < len(data):
        try:
            last = None
            for op, arg, p in pickletools.genops(io.BytesIO(data[pos:])):
                last = p
            ends.append(pos + last + 1)
            pos = pos + last + 1
        except Exception:  # noqa: BLE001
            break
        if len(ends) == 5:
            break
    return ends


def mut_torch_legacy(rng, seeds, n):
    data = seeds["torch_legacy"]
    ends = pickle_stream_ends(data)
    # magic, protocol, sys_info, data, storage keys, then raw storages.
    start, end = ends[2], ends[3]
    probe = probe_pickle(n, rng.choice(["plain", "dict", "build"]))
    return "torch-legacy", data[:start] + probe + data[end:], {"loader": "torch"}


def joblib_array(wrapper, state_items, after, proto=2, dtype=b"cnumpy\ndtype\n(X\x02\x00\x00\x00u1\x89\x88tR"
                 b"(K\x03X\x01\x00\x00\x00|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb", shape=5, align=True):
    """A joblib pickle holding one NumpyArrayWrapper built by `wrapper`."""
    state = b"}(X\x08\x00\x00\x00subclasscnumpy\nndarray\nX\x05\x00\x00\x00shapeK" + bytes([shape]) + b"\x85" + \
        b"X\x05\x00\x00\x00orderX\x01\x00\x00\x00CX\x05\x00\x00\x00dtype" + dtype + \
        b"X\n\x00\x00\x00allow_mmap\x89" + state_items
    if align:
        state += b"X\x1b\x00\x00\x00numpy_array_alignment_bytesK\x10"
    state += b"u"
    return bytes([0x80, proto]) + wrapper + state + b"b" + after


# Every way a wrapper is built, as the loader-mechanism samples build them.
WRAPPERS = dict(SAMPLE_WRAPPERS, init_args=INIT_ARGS_WRAPPER)


def mut_joblib_wrapper(rng, seeds, n):
    """Array bytes that, read as opcodes, swallow the probe (BINBYTES)."""
    kind = rng.choice(sorted(WRAPPERS))
    proto = 4 if kind in ("dotted", "newobj_ex") else rng.choice([2, 2, 3, 4]) if kind != "inst" else 2
    probe = probe_ops(n, rng.choice(["plain", "dict"]))
    rest = b"0" + probe + b"."
    fixed = rng.random() < 0.5
    if fixed:
        # f8 with a pickled elsize of 1: numpy keeps 8 for fixed-size types.
        dtype = (b"cnumpy\ndtype\n(X\x02\x00\x00\x00f8\x89\x88tR(K\x03X\x01\x00\x00\x00<NNNK\x01K\x01K\x00tb")
        # The pad-length byte (0), then 8 array bytes; a reader using the
        # elsize of 1 reads one byte and runs BINBYTES over the probe.
        arr = b"\x00" + b"\x00" + b"B" + struct.pack("<I", 2 + len(rest) - 1) + b"\x00\x00"
        assert len(arr) == 9
        pickled = joblib_array(WRAPPERS[kind], b"", arr + rest, proto, dtype=dtype, shape=1)
        return f"joblib-elsize-{kind}", pickled, {"loader": "joblib"}
    arr = b"\x00" + b"B" + struct.pack("<I", len(rest) - 1)  # pad 0, then 5 u1 bytes hiding the probe
    pickled = joblib_array(WRAPPERS[kind], b"", arr + rest, proto)
    if kind == "init_args":
        pickled = bytes([0x80, proto]) + WRAPPERS[kind] + b"}(X\x1b\x00\x00\x00numpy_array_alignment_bytesK\x10ub" + \
            arr + rest
    return f"joblib-wrapper-{kind}", pickled, {"loader": rng.choice(["joblib", "joblib", "joblib_mmap"])}


def mut_joblib_mmap_object(rng, seeds, n):
    """An object array with allow_mmap set: joblib.load(mmap_mode='r') maps
    its 8 bytes per item and seeks past them; the probe follows."""
    odt = b"cnumpy\ndtype\n(X\x02\x00\x00\x00O8\x89\x88tR"
    rest = b"0" + probe_ops(n, "plain") + b"."
    arr = b"\x00" + b"B" + struct.pack("<I", len(rest) + 3 - 1) + b"\x00\x00\x00"
    state = b"X\n\x00\x00\x00allow_mmap\x88"
    pickled = joblib_array(WRAPPERS["newobj"], state, arr + rest, 2, dtype=odt, shape=1)
    return "joblib-mmap-object", pickled, {"loader": "joblib_mmap"}


def mut_joblib_object(rng, seeds, n):
    odt = rng.choice([b"cnumpy\ndtype\n(X\x02\x00\x00\x00O8\x89\x88tR(K\x03X\x01\x00\x00\x00|NNNJ\xff\xff\xff\xffJ"
                      b"\xff\xff\xff\xffK?tb", b"cnumpy\ndtype\n(X\x02\x00\x00\x00O8\x89\x88tR"])
    kind = rng.choice(sorted(WRAPPERS))
    if kind == "init_args":
        kind = "newobj"
    proto = 4 if kind in ("dotted", "newobj_ex") else 2
    nested = probe_pickle(n, rng.choice(["plain", "dict"]), proto=rng.choice([2, 4]))
    pickled = joblib_array(WRAPPERS[kind], b"", nested + b"N.", proto, dtype=odt, shape=1)
    return f"joblib-object-{kind}", pickled, {"loader": "joblib"}


def lzma_alone(data, dict_size=None):
    filters = [{"id": lzma.FILTER_LZMA1, "dict_size": dict_size or (1 << 20)}]
    return lzma.compress(data, format=lzma.FORMAT_ALONE, filters=filters)


def compress_as(rng, name, data):
    if name == "zlib":
        return zlib.compress(data, rng.choice([0, 1, 6, 9]))
    if name == "gzip":
        return gzip.compress(data)
    if name == "bz2":
        return bz2.compress(data)
    if name == "xz":
        return lzma.compress(data)
    if name == "lzma":
        return lzma_alone(data, rng.choice([1 << 16, 3 << 15, 1 << 20, 3 << 19, 1 << 12, 1 << 24]))
    if name == "lz4":
        import lz4.frame

        return lz4.frame.compress(data)
    raise ValueError(name)


def mut_joblib_codec(rng, seeds, n):
    """A joblib pickle with the probe, compressed as joblib's detection reads it."""
    plain = seeds["joblib_none"]
    assert plain.endswith(b".")
    inner = plain[:-1] + b"0" + probe_ops(n, rng.choice(["plain", "dict"])) + b"." if rng.random() < 0.5 else \
        probe_pickle(n)
    kind = rng.choice(["zlib", "gzip", "bz2", "xz", "lzma", "lz4", "mixed", "zf"])
    if kind == "mixed":
        cut = rng.randrange(1, len(inner))
        parts = [inner[:cut], inner[cut:]]
        enc = [lzma_alone(p, rng.choice([1 << 16, 3 << 15, 1 << 20])) if rng.random() < 0.5 else lzma.compress(p)
               for p in parts]
        if not enc[0].startswith(b"\x5d\x00"):
            enc[0] = lzma_alone(parts[0], 1 << 16)
        body = enc[0] + enc[1] + (b"junk" if rng.random() < 0.3 else b"")
    elif kind == "zf":
        length = len(inner)
        field = rng.choice(["{:#x}", "{:x}", "{:X}", " {:#x}", "0X{:X}", "{:#019x}", "\t{:x}\n", "+{:#x}", "0x_{:x}",
                            "{:_x}"]).format(length)
        field = field.ljust(19)[:19]
        body = b"ZF" + field.encode() + (b" " if rng.random() < 0.3 else b"") + zlib.compress(inner)
    else:
        body = compress_as(rng, kind, inner)
    return f"joblib-codec-{kind}", body, {"loader": "joblib"}


NPY_DESCRS = ["'|O'", "'O'", "'object'", "'O8'", "'|O8'", "[('a', '|O')]", "[('a', '<f8'), ('b', 'O')]",
              "[('a', [('b', 'O')])]", "[('a', 'O', (2,))]", "[('a', '<i4', (2,)), ('b', '|O', (1,))]",
              "('O', (2,))", "[('', '|O')]", "[('a', 'O'), ('b', 'object')]", "\"O\"", "u'O'", "'=O'", "'<O'",
              "[(('t', 'a'), 'O')]", "['|O']", "('|O', ())"]


def npy_header(rng, descr, version, shape="(1,)"):
    keys = [f"'descr': {descr}", f"'fortran_order': {rng.choice(['False', 'True'])}", f"'shape': {shape}"]
    if rng.random() < 0.15:
        keys.insert(0, "'descr': '<f8'")  # the later value of a repeated key wins
    rng.shuffle(keys)
    sep = rng.choice([", ", ",", " , ", ",\n"])
    text = "{" + sep.join(keys) + rng.choice(["", ",", ", "]) + "}"
    if version == 3:
        text = text.replace("'a'", "'\u00e9'")
    enc = text.encode("utf8" if version == 3 else "latin1")
    lenfmt = "<H" if version == 1 else "<I"
    pre = b"\x93NUMPY" + bytes([version, 0])
    total = len(pre) + struct.calcsize(lenfmt) + len(enc) + 1
    pad = (64 - total % 64) % 64
    enc += b" " * pad + b"\n"
    return pre + struct.pack(lenfmt, len(enc)) + enc


def mut_npy(rng, seeds, n):
    descr = rng.choice(NPY_DESCRS)
    version = rng.choice([1, 1, 2, 3])
    shape = rng.choice(["(1,)", "(2,)", "()", "(1, 1)", "(-1,)", "(True,)", "(3L,)" if version < 3 else "(3,)"])
    body = npy_header(rng, descr, version, shape) + probe_pickle(n, rng.choice(["plain", "dict"]),
                                                                  proto=rng.choice([2, 3, 4]))
    if rng.random() < 0.3:
        member = rng.choice(["x.npy", "arr_0.npy", "o.NPY", "dir/y.npy"])
        body = write_zip([("a.npy", seeds["npy_object"]), (member, body)],
                         rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
        return "npz", body, {"loader": "numpy"}
    return "npy", body, {"loader": "numpy"}


def mut_pandas(rng, seeds, n):
    inner = probe_pickle(n, rng.choice(["plain", "dict"]), proto=rng.choice([2, 4]))
    kind = rng.choice(["gzip_members", "bz2_streams", "xz_alone", "xz_mixed", "alone_props"])
    cut = rng.randrange(1, len(inner))
    a, b = inner[:cut], inner[cut:]
    if kind == "gzip_members":
        body = gzip.compress(a) + b"\x00" * rng.choice([0, 0, 3]) + gzip.compress(b)
        ext = "gz"
    elif kind == "bz2_streams":
        body = bz2.compress(a) + bz2.compress(b)
        ext = "bz2"
    elif kind == "xz_alone":
        body = lzma_alone(inner, rng.choice([1 << 16, 1 << 20]))
        ext = "xz"
    elif kind == "xz_mixed":
        body = lzma.compress(a) + lzma_alone(b, 1 << 16)
        ext = "xz"
    else:
        # LZMA-alone with other literal/position properties than 0x5d.
        lc, lp, pb = rng.choice([(0, 0, 0), (3, 0, 0), (0, 2, 0), (1, 1, 1), (4, 0, 2)])
        filters = [{"id": lzma.FILTER_LZMA1, "dict_size": 1 << 16, "lc": lc, "lp": lp, "pb": pb}]
        body = lzma.compress(inner, format=lzma.FORMAT_ALONE, filters=filters)
        ext = "xz"
    return f"pandas-{kind}", body, {"loader": "pandas", "ext": ext}


def mut_bytes(rng, tag, data):
    data = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        op = rng.random()
        if not data:
            break
        i = rng.randrange(len(data))
        if op < 0.5:
            data[i] = rng.randrange(256)
        elif op < 0.75:
            del data[i:i + rng.randrange(1, 8)]
        else:
            data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
    return tag + "+bytes", bytes(data)


MUTATORS = [(mut_torch_zip, 4), (mut_dcp, 1), (mut_torch_legacy, 1), (mut_joblib_wrapper, 3), (mut_joblib_object, 2),
            (mut_joblib_mmap_object, 1),
            (mut_joblib_codec, 3), (mut_npy, 3), (mut_pandas, 2)]


# ---------------------------------------------------------------- comparison


def sentinel_scan(sentinel, paths):
    """{path: (exit-relevant status, findings text)} for files scanned at once."""
    proc = subprocess.run([sentinel, "artifact", "--no-policy", "-j", "1", *map(str, paths), "--format", "json"], capture_output=True, text=True,
                          timeout=600)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        return {str(p): ("crash", proc.stderr[-300:]) for p in paths}
    out = {}
    for f in report["files"]:
        out[f["path"]] = (f["status"], "\n".join(strings(f["findings"])))
    return out


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def shown(name):
    """A name as Sentinel's reports show it: printable ASCII kept, every other
    byte of its UTF-8 as \\xNN."""
    out = []
    for b in name.encode("utf-8", "surrogatepass"):
        out.append(chr(b) if 0x20 <= b < 0x7f else f"\\x{b:02x}")
    return "".join(out)


def judge(trusted, imports, scanned):
    """Divergences: untrusted imports the loader reached that Sentinel does not name."""
    status, text = scanned
    missing = []
    for mod, name in {tuple(i) for i in imports}:
        if (mod, name) in trusted:
            continue
        if status not in ("findings",) or (name not in text and shown(name) not in text):
            missing.append(f"{mod}.{name}")
    return sorted(missing)


def run(args):
    rng = random.Random(args.seed)
    trusted = trusted_names()
    work = pathlib.Path(tempfile.mkdtemp(prefix="difftest-containers-"))
    seeds = make_seeds(work / "seeds")
    worker = subprocess.Popen(["nice", "-n", "10", sys.executable, str(LOADER)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    (CORPUS / "divergences").mkdir(parents=True, exist_ok=True)
    (CORPUS / "corpus").mkdir(parents=True, exist_ok=True)
    stats = {"mutants": 0, "loaded_probe": 0, "divergences": 0, "by_tag": {}}
    seen_div_tags = set()
    deadline = time.time() + args.seconds
    n = args.seed * 1_000_000
    total = sum(w for _, w in MUTATORS)
    while time.time() < deadline:
        batch = []
        for _ in range(args.batch):
            n += 1
            pick = rng.randrange(total)
            for fn, w in MUTATORS:
                if pick < w:
                    break
                pick -= w
            tag, data, job = fn(rng, seeds, n)
            if rng.random() < args.byte_rate:
                tag, data = mut_bytes(rng, tag, data)
            ext = job.pop("ext", "bin")
            path = work / f"m{n}.{ext}"
            path.write_bytes(data)
            batch.append((n, tag, path, job))
        results = {}
        for n_, tag, path, job in batch:
            worker.stdin.write(json.dumps(dict(job, path=str(path))) + "\n")
            worker.stdin.flush()
            results[n_] = json.loads(worker.stdout.readline())
        scanned = sentinel_scan(args.sentinel, [p for _, _, p, _ in batch])
        for n_, tag, path, job in batch:
            r = results[n_]
            stats["mutants"] += 1
            t = stats["by_tag"].setdefault(tag, [0, 0, 0])
            t[0] += 1
            probe_hit = any(m == PROBE_MODULE for m, _ in r["imports"])
            if probe_hit:
                stats["loaded_probe"] += 1
                t[1] += 1
            missing = judge(trusted, r["imports"], scanned.get(str(path), ("missing", "")))
            if missing:
                stats["divergences"] += 1
                t[2] += 1
                line = f"{time.strftime('%H:%M:%S')} DIVERGENCE {tag} {path.name} missing={missing} " \
                       f"sentinel={scanned.get(str(path), ('?', ''))[0]} loader={r['outcome']}"
                print(line, flush=True)
                key = tag
                if key not in seen_div_tags and saved(CORPUS / "divergences", tag) < 1 and \
                        path.stat().st_size < 200_000:
                    seen_div_tags.add(key)
                    save(CORPUS / "divergences", path, tag, job, r)
            elif probe_hit and saved(CORPUS / "corpus", tag) < args.per_tag and path.stat().st_size < 100_000:
                save(CORPUS / "corpus", path, tag, job, r)
            path.unlink()
        print(f"{time.strftime('%H:%M:%S')} stats {json.dumps({k: v for k, v in stats.items() if k != 'by_tag'})}",
              flush=True)
    worker.stdin.close()
    worker.wait()
    import resource

    cpu = sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))
    stats["cpu_seconds"] = round(cpu, 1)
    print("by tag (mutants, loader reached probe, divergences):")
    for tag, v in sorted(stats["by_tag"].items()):
        print(f"  {tag}: {v}")
    print(json.dumps({k: v for k, v in stats.items() if k != "by_tag"}))
    shutil.rmtree(work, ignore_errors=True)


def saved(folder, tag):
    """How many files of this mutation tag the folder already holds."""
    stem = tag.replace("+", "_") + "-m"
    return sum(1 for f in folder.iterdir() if f.name.startswith(stem))


def save(folder, path, tag, job, result):
    name = f"{tag.replace('+', '_')}-{path.stem}{path.suffix}"
    shutil.copy(path, folder / name)
    imports = sorted({(m, n) for m, n in result["imports"]})
    with open(CORPUS / "EXPECTED.tsv", "a") as f:
        f.write(f"{folder.name}/{name}\t{json.dumps(job)}\t{json.dumps(imports)}\n")


def replay(args):
    """Every committed file: the untrusted imports the loader reached (as
    recorded) must all be named by Sentinel's findings."""
    trusted = trusted_names()
    rows = [line.split("\t") for line in (CORPUS / "EXPECTED.tsv").read_text().splitlines()
            if line and not line.startswith("#")]
    # The TSV: file, the loader's job (JSON: loader, byte ranges for .distcp
    # shards), JSON list of the [module, name] imports the real loader
    # reached (recorded by `run` and `record`), and for an accepted
    # difference a fourth column with the reason.
    paths = [CORPUS / r[0] for r in rows]
    scanned = sentinel_scan(args.sentinel, paths)
    failures = 0
    for row, path in zip(rows, paths):
        rel, job, imports = row[:3]
        loader = json.loads(job)["loader"]
        recorded = json.loads(imports)
        missing = judge(trusted, recorded, scanned.get(str(path), ("missing", "")))
        if missing and len(row) > 3:
            # An accepted difference (docs/difftest.md), with its reason.
            print(f"accepted {rel} ({loader}): {row[3]}")
            continue
        if missing:
            failures += 1
            print(f"FAIL {rel} ({loader}): Sentinel does not name {missing}")
    print(f"{len(rows)} files replayed, {failures} failing")
    return 1 if failures else 0


def record(args):
    """Loads every committed file again through the real loaders and rewrites
    the recorded imports (after a change to the loader harness)."""
    path = CORPUS / "EXPECTED.tsv"
    rows = [line.split("\t") for line in path.read_text().splitlines() if line and not line.startswith("#")]
    worker = subprocess.Popen([sys.executable, str(LOADER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out = []
    for row in rows:
        rel, job = row[0], row[1]
        j = json.loads(job)
        ext = pathlib.Path(rel).suffix
        with tempfile.TemporaryDirectory() as tmp:
            # pandas infers the codec from the extension: keep it.
            target = pathlib.Path(tmp) / ("f" + ext)
            shutil.copy(CORPUS / rel, target)
            worker.stdin.write(json.dumps(dict(j, path=str(target))) + "\n")
            worker.stdin.flush()
            r = json.loads(worker.stdout.readline())
        imports = sorted({(m, n) for m, n in r["imports"]})
        out.append("\t".join([rel, json.dumps(j), json.dumps(imports), *row[3:]]))
    worker.stdin.close()
    worker.wait()
    path.write_text("\n".join(out) + "\n")
    print(f"{len(out)} files recorded")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--seconds", type=float, default=600)
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--batch", type=int, default=40)
    r.add_argument("--byte-rate", type=float, default=0.25)
    r.add_argument("--per-tag", type=int, default=2)
    r.add_argument("--sentinel", default=str(ROOT / "build/sentinel"))
    p = sub.add_parser("replay")
    p.add_argument("--sentinel", default=str(ROOT / "build/sentinel"))
    sub.add_parser("record")
    args = ap.parse_args()
    if args.cmd == "run":
        run(args)
        return 0
    if args.cmd == "record":
        return record(args)
    return replay(args)


if __name__ == "__main__":
    sys.exit(main())
