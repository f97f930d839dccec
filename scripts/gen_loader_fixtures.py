#!/usr/bin/python3
"""Writes tests/fixtures/loaders/: issue 13's loader-mechanism samples
(scripts/difftest/loader_samples.py) with a harmless os.system("true")
payload, and benign twins from the real libraries. The GoogleTests in
tests/loader_mechanisms_test.cpp scan them; tests/python/
test_loader_mechanisms.py proves the same shapes run under the real loaders.

  /usr/bin/python3 scripts/gen_loader_fixtures.py
"""

import io
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts/difftest"))

import loader_samples  # noqa: E402


def joblib_memmap_type(marker):
    """joblib.dump of an array, then only trusted names: builtins.type of the
    array joblib puts on the stack, and a call of that class. Under
    joblib.load(mmap_mode=...) the array is a numpy.memmap, and calling its
    class creates the file `marker` (issue 16)."""
    import joblib
    import numpy as np
    import pickletools

    b = io.BytesIO()
    joblib.dump(np.arange(4, dtype=np.int64), b)
    raw = b.getvalue()
    memo = 0
    try:  # genops stops at the raw array bytes; the memo index the array gets is what came before
        for op, _, _ in pickletools.genops(raw):
            memo += op.name == "MEMOIZE"
    except ValueError:
        pass

    def text(s):
        return b"\x8c" + bytes([len(s)]) + s
    call_its_class = (b"\x94" + b"0" + text(b"builtins") + text(b"type") + b"\x93" + b"h" + bytes([memo]) + b"\x85R"
                      + b"(" + text(marker.encode()) + text(b"uint8") + text(b"w+") + b"K\x00K\x01\x85tR.")
    return raw[:-1] + call_its_class


def main():
    import joblib
    import numpy as np
    import torch

    out = ROOT / "tests/fixtures/loaders"
    out.mkdir(parents=True, exist_ok=True)
    for f in out.iterdir():
        f.unlink()
    seed = loader_samples.torch_seed()
    payload = loader_samples.system_payload("true")
    for name, (data, job) in sorted(loader_samples.samples(payload, seed).items()):
        (out / f"{name}.{job['ext']}").write_bytes(data)
    (out / "joblib_memmap_type.joblib").write_bytes(joblib_memmap_type("/tmp/sentinel-memmap-marker"))
    # Benign twins, from the real writers.
    (out / "benign_torch.pt").write_bytes(seed)
    shard = seed + b"\x00" * 40 + seed
    (out / "benign_dcp.distcp").write_bytes(shard)
    obj = {"a": np.arange(5, dtype="uint8"), "f": np.ones(3), "c": np.zeros(2, dtype="c16"),
           "o": np.array([1, "x"], dtype=object)}
    for comp in ["none", "lzma", "xz", "zlib"]:
        b = io.BytesIO()
        joblib.dump(obj, b, compress=0 if comp == "none" else (comp, 3))
        (out / f"benign_joblib_{comp}.joblib").write_bytes(b.getvalue())
    b = io.BytesIO()
    np.save(b, np.array([1, "x", None], dtype=object), allow_pickle=True)
    (out / "benign_npy_object.npy").write_bytes(b.getvalue())
    b = io.BytesIO()
    np.save(b, np.zeros((2,), dtype=[("a", "<i4", (2,)), ("b", "<f8")]))
    (out / "benign_npy_structured.npy").write_bytes(b.getvalue())
    del torch


if __name__ == "__main__":
    main()
