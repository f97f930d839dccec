#!/usr/bin/python3
"""Generate benign pickle fixtures produced by the REAL libraries.

Writes plain pickle streams (never containers) to tests/fixtures/real/ and a
MANIFEST.txt with sha256 sums and the library versions that produced them.

    /usr/bin/python3 scripts/gen_fixtures.py [--out DIR]

Run it with Debian's interpreter (/usr/bin/python3): it needs torch, numpy,
pandas, scikit-learn, xgboost and joblib.

What is in here
  * plain Python data (every protocol 0..5)       plain_data_p<N>.pkl
  * Enum members (every protocol; they reference builtins.getattr, a reviewed
    exclusion, so scanners are expected to flag them)  plain_enum_p<N>.pkl
  * numpy arrays / scalars / dtypes (protocol 2..5) numpy_*_p<N>.pkl
  * pandas objects                               pandas_*_p<N>.pkl
  * scikit-learn estimators and pipelines        sklearn_*_p<N>.pkl
  * xgboost XGBClassifier                        xgboost_*_p<N>.pkl
  * what joblib users typically dump, written with plain pickle (joblib's own
    NumpyPickler output is not a plain stream: raw array bytes follow the
    wrapper objects)                             joblib_*_p<N>.pkl
  * torch: the `data.pkl` member extracted from our own torch.save() zip
    output (protocol 2 on torch 1.13)            torch_*.data.pkl

Determinism: fixed seeds, single-threaded libraries, and the script re-executes
itself with PYTHONHASHSEED=0 so that sets of strings are written in a fixed
order. Running it twice gives byte-identical files (checked; see MANIFEST.txt).

The object builders are a library: scripts/allowlist.py imports `fixtures()`
and the individual builders from this module instead of copying them.
Nothing in this script ever unpickles anything.
"""

import collections
import datetime
import decimal
import fractions
import hashlib
import io
import os
import pickle
import random
import sys
import uuid
import zipfile
from typing import Callable, List, NamedTuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_OUT = os.path.join(REPO, "tests", "fixtures", "real")

ALL_PROTOCOLS = (0, 1, 2, 3, 4, 5)
NUMPY_PROTOCOLS = (2, 3, 4, 5)


class Fixture(NamedTuple):
    name: str                      # file name under tests/fixtures/real/
    source: str                    # library that produced it (allowlist "# source")
    produce: Callable[[], bytes]   # returns the plain pickle stream
    note: str = ""


# ----------------------------------------------------------------------------
# determinism helpers
# ----------------------------------------------------------------------------

def seed_everything(seed=0):
    random.seed(seed)
    try:
        import numpy as np
        np.random.seed(seed)
    except ImportError:
        pass
    try:
        import torch
        torch.manual_seed(seed)
        torch.set_num_threads(1)
    except ImportError:
        pass


def dumps(obj, protocol):
    """Plain CPython pickle (C pickler), as library users call it."""
    return pickle.dumps(obj, protocol=protocol)


def torch_data_pkl(obj):
    """torch.save(obj) into memory and return the archive's data.pkl member."""
    import torch
    buf = io.BytesIO()
    torch.save(obj, buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        names = [n for n in zf.namelist() if n.endswith("/data.pkl")]
        if len(names) != 1:
            raise RuntimeError("unexpected torch archive layout: %r" % zf.namelist())
        return zf.read(names[0])


def torch_zip_bytes(obj, **kw):
    import torch
    buf = io.BytesIO()
    torch.save(obj, buf, **kw)
    return buf.getvalue()


# ----------------------------------------------------------------------------
# plain Python data
# ----------------------------------------------------------------------------

def plain_data():
    shared = [1, 2, 3]
    shared_str = "shared string"
    rec_list = []
    rec_list.append(rec_list)
    rec_dict = {}
    rec_dict["self"] = rec_dict
    rec_tuple = ([],)
    rec_tuple[0].append(rec_tuple)           # tuple reached again while being built

    utc = datetime.timezone.utc
    ist = datetime.timezone(datetime.timedelta(hours=5, minutes=30), "IST")
    od = collections.OrderedDict([("b", 2), ("a", 1)])
    dd = collections.defaultdict(list)
    dd["x"].append(1)
    ddi = collections.defaultdict(int, {"k": 3})
    cm = collections.ChainMap({"a": 1}, {"b": 2})
    return {
        "none": None,
        "bools": [True, False],
        "ints": [0, 1, -1, 255, 256, 65535, 65536, 2**31 - 1, -2**31, 2**31,
                 2**63 - 1, -2**63, 2**63, 2**64],
        "bigints": [2**100, -(2**100), 2**3000, -(2**3000)],
        "floats": [0.0, -0.0, 1.5, -2.25, 1e300, 5e-324,
                   float("inf"), float("-inf"), float("nan")],
        "complex": [1 + 2j, complex(-0.5, 3.0)],
        "str": ["", "ascii", "\u00fc\u00f1\u00ed\u00e7\u00f8d\u00e9 \u2603 \U0001f600",
                "x" * 300, "line\nbreak \\ back\r\x00"],
        "bytes": [b"", b"\x00\xffraw", bytes(range(256))],
        "bytearray": [bytearray(), bytearray(b"abc")],
        "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
        "lists": [[], [1], list(range(20))],
        "sets": [set(), {1, 2, 3}, {"alpha", "beta", "gamma"}],
        "frozensets": [frozenset(), frozenset({1, 2}), frozenset({"a", "b"})],
        "nested": {"a": [{"b": (1, [2, {"c": None}])}], 4: {5: {6: []}}},
        "shared_refs": (shared, shared, shared_str, shared_str),
        "recursive_list": rec_list,
        "recursive_dict": rec_dict,
        "recursive_tuple": rec_tuple,
        "datetime": [datetime.datetime(2024, 1, 2, 3, 4, 5, 678901),
                     datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=utc),
                     datetime.datetime(2020, 2, 29, 23, 59, 59, tzinfo=ist),
                     datetime.date(1999, 12, 31),
                     datetime.time(12, 30, 15, 250),
                     datetime.timedelta(days=-1, seconds=5, microseconds=7)],
        "decimal": [decimal.Decimal("3.14159"), decimal.Decimal("-0"),
                    decimal.Decimal("NaN"), decimal.Decimal("Infinity"),
                    decimal.Decimal("1.5").as_tuple()],          # namedtuple DecimalTuple
        "fraction": fractions.Fraction(1, 3),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "collections": [od, dd, ddi, collections.Counter("abracadabra"),
                        collections.deque([1, 2, 3], maxlen=5), collections.deque(),
                        cm],
        "type_none": type(None),
        "ellipsis": ...,
    }


def plain_enum():
    """Enum members: Python 3.11 pickles them as builtins.getattr(EnumClass, 'NAME').

    Kept apart from plain_data() because builtins.getattr is a reviewed
    exclusion (data/allowlist-review.txt): these files are benign but are
    expected to be reported by the getattr rule.
    """
    return {"members": [uuid.SafeUUID.safe, uuid.SafeUUID.unknown],
            "status": {uuid.SafeUUID.safe: "safe"}}


# ----------------------------------------------------------------------------
# numpy
# ----------------------------------------------------------------------------

def numpy_arrays():
    import numpy as np
    rs = np.random.RandomState(0)
    base = rs.standard_normal((2, 3))
    out = collections.OrderedDict()
    for dt in ("float16", "float32", "float64", "int8", "int16", "int32", "int64",
               "uint8", "uint16", "uint32", "uint64", "bool", "complex64", "complex128"):
        out[dt] = (base * 10).astype(dt)
    out["big_endian_i4"] = np.arange(6, dtype=">i4").reshape(2, 3)
    out["fortran"] = np.asfortranarray(base)
    out["strided_view"] = np.arange(12.0)[::3]
    out["zero_d"] = np.array(7.5)
    out["empty"] = np.zeros((0, 3), dtype="f4")
    out["unicode"] = np.array(["ab", "c\u00e9", ""], dtype="U3")
    out["bytes"] = np.array([b"ab", b"c"], dtype="S2")
    out["object"] = np.array([1, "two", None, [3], (4.0,)], dtype=object)
    sdt = np.dtype([("x", "<i4"), ("y", "<f8"), ("name", "U4"), ("v", "<f4", (2,))])
    out["structured"] = np.array([(1, 2.0, "ab", (1, 2)), (3, 4.5, "cd", (3, 4))], dtype=sdt)
    out["datetime64_ns"] = np.array(["2024-01-02T03:04:05", "NaT"], dtype="datetime64[ns]")
    out["datetime64_D"] = np.arange("2024-01-01", "2024-01-04", dtype="datetime64[D]")
    out["timedelta64_s"] = np.array([1, -2, 3], dtype="timedelta64[s]")
    return out


def numpy_scalars():
    import numpy as np
    sdt = np.dtype([("a", "<i2"), ("b", "<f4")])
    return collections.OrderedDict([
        ("float32", np.float32(1.5)),
        ("float64", np.float64(-2.25)),
        ("float16", np.float16(0.5)),
        ("int64", np.int64(7)),
        ("uint8", np.uint8(200)),
        ("bool", np.bool_(True)),
        ("complex128", np.complex128(1 + 2j)),
        ("datetime64", np.datetime64("2024-01-01")),
        ("timedelta64", np.timedelta64(5, "m")),
        ("str_", np.str_("hi")),
        ("bytes_", np.bytes_(b"x")),
        ("void", np.zeros(1, dtype=sdt)[0]),
        ("dtype_f4", np.dtype("f4")),
        ("dtype_struct", sdt),
        ("type_float64", np.float64),                 # dtype= parameters hold the class
    ])


# ----------------------------------------------------------------------------
# pandas
# ----------------------------------------------------------------------------

def pandas_dataframe():
    import numpy as np
    import pandas as pd
    n = 3
    return pd.DataFrame({
        "i64": np.arange(n, dtype="int64"),
        "f64": np.linspace(0.0, 1.0, n),
        "f32": np.arange(n, dtype="float32"),
        "b": [True, False, True],
        "s": ["a", "b", None],
        "cat": pd.Categorical(["x", "y", "x"], categories=["x", "y"]),
        "dt": pd.date_range("2024-01-01", periods=n, freq="D"),
        "dt_utc": pd.date_range("2024-01-01", periods=n, freq="H", tz="UTC"),
        "td": pd.to_timedelta([1, 2, 3], unit="s"),
        "Int64": pd.array([1, None, 3], dtype="Int64"),
        "boolean": pd.array([True, None, False], dtype="boolean"),
        "string": pd.array(["p", None, "q"], dtype="string"),
    }, index=pd.Index(["r0", "r1", "r2"], name="row"))


def pandas_objects():
    import numpy as np
    import pandas as pd
    return collections.OrderedDict([
        ("series", pd.Series([1.0, 2.0, np.nan], name="s", index=[10, 20, 30])),
        ("index", pd.Index(["a", "b", "c"])),
        ("range_index", pd.RangeIndex(0, 10, 2)),
        ("categorical", pd.Categorical(["lo", "hi", "lo"], categories=["lo", "hi"], ordered=True)),
        ("timestamp", pd.Timestamp("2024-01-02 03:04:05")),
        ("timestamp_utc", pd.Timestamp("2024-01-02 03:04:05", tz="UTC")),
        ("timedelta", pd.Timedelta("1 days 2 hours")),
        ("nat", pd.NaT),
    ])


# ----------------------------------------------------------------------------
# scikit-learn / xgboost
# ----------------------------------------------------------------------------

def tiny_classification(n=24, d=4, seed=0):
    import numpy as np
    rs = np.random.RandomState(seed)
    X = rs.standard_normal((n, d))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(np.int64)
    return X, y


def sk_logistic_regression():
    from sklearn.linear_model import LogisticRegression
    X, y = tiny_classification()
    return LogisticRegression(max_iter=200).fit(X, y)


def sk_random_forest():
    from sklearn.ensemble import RandomForestClassifier
    X, y = tiny_classification()
    return RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0, n_jobs=1).fit(X, y)


def sk_standard_scaler():
    from sklearn.preprocessing import StandardScaler
    X, _ = tiny_classification()
    return StandardScaler().fit(X)


def sk_pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    X, y = tiny_classification()
    return Pipeline([("scale", StandardScaler()),
                     ("clf", LogisticRegression(max_iter=200))]).fit(X, y)


def xgb_classifier():
    import xgboost as xgb
    X, y = tiny_classification()
    return xgb.XGBClassifier(n_estimators=2, max_depth=2, learning_rate=0.5,
                             n_jobs=1, random_state=0, tree_method="exact").fit(X, y)


def joblib_bundle():
    """The kind of dict people hand to joblib.dump: model + metadata + arrays."""
    import numpy as np
    X, y = tiny_classification()
    return {
        "model": sk_pipeline(),
        "feature_names": ["f0", "f1", "f2", "f3"],
        "classes": np.array([0, 1]),
        "train_mean": X.mean(axis=0),
        "metadata": {"version": 3, "trained": datetime.date(2024, 1, 2)},
    }


# ----------------------------------------------------------------------------
# torch (objects handed to torch.save)
# ----------------------------------------------------------------------------

def torch_sequential():
    import torch.nn as nn
    seed_everything(0)
    return nn.Sequential(
        nn.Linear(3, 2),
        nn.Conv2d(1, 2, kernel_size=2),
        nn.BatchNorm2d(2),
        nn.Embedding(4, 2),
    )


def torch_state_dict_sequential():
    return torch_sequential().state_dict()


TORCH_DTYPES = ("float32", "float64", "float16", "bfloat16", "int8", "int16", "int32",
                "int64", "uint8", "bool", "complex64", "complex128")
# complex32 (chalf) cannot be saved by torch 1.13 ("dtype torch.complex32 is not recognized").


def torch_tensors_all_dtypes():
    import torch
    seed_everything(0)
    base = torch.randn(2, 3)
    out = collections.OrderedDict()
    for name in TORCH_DTYPES:
        out[name] = (base * 10).to(getattr(torch, name))
    out["requires_grad"] = torch.ones(2, 3, requires_grad=True)
    out["scalar"] = torch.tensor(3.5)
    out["empty"] = torch.zeros(0, 3)
    out["conj"] = torch.tensor([1 + 2j, 3 - 1j], dtype=torch.complex64).conj()
    return out


def torch_shared_storages():
    import torch
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    w = torch.ones(2, 2)
    return collections.OrderedDict([
        ("base", base), ("row", base[1]), ("col", base[:, 2]), ("transposed", base.t()),
        ("slice", base[1:, 1:3]), ("flat_view", base.view(-1)[5:]),
        ("tied_a", w), ("tied_b", w),
    ])


def torch_optimizers():
    import torch
    seed_everything(0)
    out = {}
    for name, ctor in (("sgd", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
                       ("adam", lambda p: torch.optim.Adam(p, lr=0.01))):
        model = torch.nn.Linear(3, 2)
        opt = ctor(model.parameters())
        loss = model(torch.ones(4, 3)).pow(2).sum()
        loss.backward()
        opt.step()
        out[name] = opt.state_dict()
    return out


def torch_rng_states():
    import numpy as np
    import torch
    seed_everything(0)
    return {"torch": torch.get_rng_state(), "numpy": np.random.get_state(),
            "python": random.getstate()}


def torch_size_device():
    import torch
    return {"size": torch.Size([2, 3]), "empty_size": torch.Size([]),
            "cpu": torch.device("cpu"), "cuda0": torch.device("cuda", 0),
            "dtype": torch.float32, "layout": torch.strided}


def torch_sparse_coo():
    import torch
    i = torch.tensor([[0, 1, 1], [2, 0, 2]])
    v = torch.tensor([3.0, 4.0, 5.0])
    return {"sparse": torch.sparse_coo_tensor(i, v, (2, 3))}


def torch_quantized():
    import torch
    seed_everything(0)
    x = torch.randn(2, 3)
    return {"quint8": torch.quantize_per_tensor(x, 0.1, 10, torch.quint8),
            "qint8": torch.quantize_per_tensor(x, 0.05, 0, torch.qint8),
            "per_channel": torch.quantize_per_channel(x, torch.tensor([0.1, 0.2]),
                                                      torch.tensor([0, 1]), 0, torch.quint8)}


def torch_parameter():
    import torch
    seed_everything(0)
    return {"param": torch.nn.Parameter(torch.randn(2, 3)),
            "frozen": torch.nn.Parameter(torch.randn(2, 3), requires_grad=False)}


def torch_training_checkpoint():
    import torch
    seed_everything(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    model(torch.ones(2, 3)).sum().backward()
    opt.step()
    return {"epoch": 3, "model_state_dict": model.state_dict(),
            "optimizer_state_dict": opt.state_dict(), "loss": 0.25}


# ----------------------------------------------------------------------------
# fixture table
# ----------------------------------------------------------------------------

def _p(builder, protocol):
    return lambda: dumps(builder(), protocol)


def _t(builder):
    return lambda: torch_data_pkl(builder())


def fixtures() -> List[Fixture]:
    fx = []
    for p in ALL_PROTOCOLS:
        fx.append(Fixture("plain_data_p%d.pkl" % p, "stdlib", _p(plain_data, p)))
    for p in ALL_PROTOCOLS:
        fx.append(Fixture("plain_enum_p%d.pkl" % p, "stdlib", _p(plain_enum, p),
                          "Enum members: references builtins.getattr (reviewed exclusion)"))
    for p in NUMPY_PROTOCOLS:
        fx.append(Fixture("numpy_arrays_p%d.pkl" % p, "numpy", _p(numpy_arrays, p)))
        fx.append(Fixture("numpy_scalars_p%d.pkl" % p, "numpy", _p(numpy_scalars, p)))
    for p in (2, 4, 5):
        fx.append(Fixture("pandas_dataframe_p%d.pkl" % p, "pandas", _p(pandas_dataframe, p)))
    fx.append(Fixture("pandas_objects_p4.pkl", "pandas", _p(pandas_objects, 4)))
    fx += [
        Fixture("sklearn_logreg_p4.pkl", "sklearn", _p(sk_logistic_regression, 4)),
        Fixture("sklearn_random_forest_p4.pkl", "sklearn", _p(sk_random_forest, 4)),
        Fixture("sklearn_standard_scaler_p4.pkl", "sklearn", _p(sk_standard_scaler, 4)),
        Fixture("sklearn_pipeline_p2.pkl", "sklearn", _p(sk_pipeline, 2)),
        Fixture("sklearn_pipeline_p4.pkl", "sklearn", _p(sk_pipeline, 4)),
        Fixture("sklearn_pipeline_p5.pkl", "sklearn", _p(sk_pipeline, 5)),
        Fixture("xgboost_classifier_p4.pkl", "xgboost", _p(xgb_classifier, 4)),
        Fixture("joblib_bundle_plain_p4.pkl", "joblib", _p(joblib_bundle, 4),
                "joblib-style model bundle written with plain pickle"),
        Fixture("torch_state_dict_sequential.data.pkl", "torch", _t(torch_state_dict_sequential)),
        Fixture("torch_tensors_all_dtypes.data.pkl", "torch", _t(torch_tensors_all_dtypes)),
        Fixture("torch_shared_storage_views.data.pkl", "torch", _t(torch_shared_storages)),
        Fixture("torch_module_checkpoint.data.pkl", "torch", _t(torch_sequential),
                "whole nn.Module pickled by torch.save"),
        Fixture("torch_optimizer_state_dicts.data.pkl", "torch", _t(torch_optimizers)),
        Fixture("torch_training_checkpoint.data.pkl", "torch", _t(torch_training_checkpoint)),
        Fixture("torch_rng_states.data.pkl", "torch", _t(torch_rng_states)),
        Fixture("torch_size_device.data.pkl", "torch", _t(torch_size_device)),
        Fixture("torch_sparse_coo.data.pkl", "torch", _t(torch_sparse_coo)),
        Fixture("torch_quantized.data.pkl", "torch", _t(torch_quantized)),
        Fixture("torch_parameter.data.pkl", "torch", _t(torch_parameter)),
    ]
    return fx


def library_versions():
    vers = collections.OrderedDict()
    vers["python"] = sys.version.split()[0]
    for mod in ("numpy", "pandas", "sklearn", "scipy", "xgboost", "joblib", "torch"):
        try:
            vers[mod] = __import__(mod).__version__
        except Exception as e:  # pragma: no cover
            vers[mod] = "unavailable (%s)" % type(e).__name__
    return vers


NONDETERMINISM_NOTES = [
    "none observed: consecutive runs produce byte-identical files",
    "plain_data_* hold sets of strings (order depends on PYTHONHASHSEED): the script re-executes itself with PYTHONHASHSEED=0",
    "torch: only the data.pkl member is kept (the torch.save zip itself is also byte-stable on torch 1.13)",
    "torch.complex32 cannot be saved by torch 1.13, so it is absent",
]


def _reexec_with_fixed_hashseed():
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable] + sys.argv, env)


def main(argv=None):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    _reexec_with_fixed_hashseed()
    import warnings
    warnings.simplefilter("ignore")

    os.makedirs(args.out, exist_ok=True)
    rows = []
    total = 0
    for f in fixtures():
        seed_everything(0)
        data = f.produce()
        if not data.endswith(b"."):
            raise RuntimeError("%s: not a single pickle stream" % f.name)
        with open(os.path.join(args.out, f.name), "wb") as fh:
            fh.write(data)
        total += len(data)
        rows.append((f.name, hashlib.sha256(data).hexdigest(), len(data), f.source, f.note))

    # remove stale fixtures from earlier layouts of this script
    keep = {r[0] for r in rows} | {"MANIFEST.txt"}
    for name in sorted(os.listdir(args.out)):
        if name not in keep and (name.endswith(".pkl")):
            os.remove(os.path.join(args.out, name))

    lines = ["# tests/fixtures/real: benign pickle streams written by the real libraries.",
             "# Generated by scripts/gen_fixtures.py (do not edit; rerun the script).",
             "# Every file is one plain pickle stream; torch_* files are the data.pkl",
             "# member of our own torch.save() zip output.",
             "#",
             "# generator versions:"]
    for k, v in library_versions().items():
        lines.append("#   %s %s" % (k, v))
    lines.append("#")
    lines.append("# determinism:")
    for n in NONDETERMINISM_NOTES:
        lines.append("#   - %s" % n)
    lines.append("#")
    lines.append("# sha256  bytes  file  source  [note]")
    for name, sha, size, source, note in rows:
        lines.append("%s  %d  %s  %s%s" % (sha, size, name, source, ("  # " + note) if note else ""))
    lines.append("# total %d bytes in %d files" % (total, len(rows)))
    with open(os.path.join(args.out, "MANIFEST.txt"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print("wrote %d fixtures (%d bytes) to %s" % (len(rows), total, args.out))


if __name__ == "__main__":
    main()
