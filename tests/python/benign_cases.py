#!/usr/bin/python3
"""Benign artifacts written by Debian's real libraries, and their loads.

    benign_cases.py write DIR               writes every artifact and DIR/manifest.json
    benign_cases.py load DIR plain|guarded  loads every artifact with the loader its library
                                            documents; `guarded` installs the guard first
    python -m sentinel.guard run benign_cases.py load DIR run
                                            the same, under the guard's runner

BENIGN_ALL_SAVERS=1 (for write, and for test_guard_benign) also writes each
object with pickle protocols 0, 2 and 5, joblib compress=3 and the legacy
torch.save format: about 250 artifacts instead of about 110.

Each load prints one JSON line {case, outcome, canon, detail}: outcome is
loaded, refused (sentinel.UnsafeFileError) or error; canon is a canonical,
JSON-able form of what was loaded, compared with the unguarded load's.
Nothing here is malicious: every object is plain library data.
"""

import sys

if __name__ == "__main__" and sys.argv[1:2] == ["load"] and sys.argv[3:4] in (["guarded"], ["guarded-off"]):
    import sentinel.guard  # first thing: every library imported below sees the guarded entry points

    sentinel.guard.install(scan="off" if sys.argv[3] == "guarded-off" else "on")

import collections  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pathlib  # noqa: E402
import pickle  # noqa: E402
import traceback  # noqa: E402

for _k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_k, "1")

CASES = {}  # name -> (loader, writer); a writer returns the object and writes it to the path


def case(name, loader):
    def register(writer):
        CASES[name] = (loader, writer)
        return writer

    return register


# --- writers: (path) -> None ------------------------------------------------

def _pickle_to(obj, path):
    path.write_bytes(pickle.dumps(obj))


def _joblib_to(obj, path):
    import joblib

    joblib.dump(obj, path)


def _torch_to(obj, path):
    import torch

    torch.save(obj, path)


def _pickle_protocol(protocol):
    return lambda obj, path: path.write_bytes(pickle.dumps(obj, protocol=protocol))


def _joblib_compressed(obj, path):
    import joblib

    joblib.dump(obj, path, compress=3)


def _torch_legacy(obj, path):
    import torch

    torch.save(obj, path, _use_new_zipfile_serialization=False)


_SAVERS = {"pickle": _pickle_to, "joblib": _joblib_to, "torch": _torch_to, "pickle0": _pickle_protocol(0),
           "pickle2": _pickle_protocol(2), "pickle5": _pickle_protocol(5), "joblib-z": _joblib_compressed,
           "torch-legacy": _torch_legacy}
_LOADERS = {"pickle0": "pickle", "pickle2": "pickle", "pickle5": "pickle", "joblib-z": "joblib",
            "torch-legacy": "torch"}


def _each_saver(stem, make, savers=("pickle", "joblib", "torch")):
    if os.environ.get("BENIGN_ALL_SAVERS"):
        savers = tuple(savers) + tuple(k for k in _SAVERS if k not in savers and (k.startswith(("pickle", "joblib"))
                                                                                  or "torch" in savers))
    for saver in savers:
        case(f"{stem}-{saver}", _LOADERS.get(saver, saver))(lambda path, make=make, saver=saver: _SAVERS[saver](make(), path))


def _tensor():
    import torch

    return torch.arange(12, dtype=torch.float32).reshape(3, 4)


def _torch_module(kind):
    def make():
        import torch

        torch.manual_seed(0)
        if kind == "MaxPool2d":
            return torch.nn.MaxPool2d(2)
        if kind == "LeakyReLU":
            return torch.nn.LeakyReLU(0.1)
        layer = torch.nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
        return torch.nn.TransformerEncoder(layer, num_layers=2).eval()

    return make


def _adam():
    import torch

    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    model(torch.ones(4, 3)).sum().backward()
    optimizer.step()
    return optimizer


def _one_cycle():
    import torch

    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=10)
    optimizer.step()
    scheduler.step()
    return scheduler


_each_saver("tensor-dict", lambda: {"w": _tensor(), "b": _tensor()[0]})
for _kind in ("MaxPool2d", "LeakyReLU", "TransformerEncoder"):
    _each_saver(f"torch-{_kind}", _torch_module(_kind))
_each_saver("torch-Adam", _adam)
_each_saver("torch-OneCycleLR", _one_cycle)


def _sparse(kind):
    def make():
        import numpy as np
        import scipy.sparse as sp

        dense = np.array([[1.0, 0, 2], [0, 0, 3], [4, 5, 0], [0, 6, 0]])
        if kind.startswith("bsr"):
            dense = np.array([[1.0, 0, 2, 0], [0, 0, 3, 0], [4, 5, 0, 0], [0, 6, 0, 7]])
        return getattr(sp, kind)(dense)

    return make


def _sparse_kinds():
    import scipy.sparse as sp

    for fmt in ("csr", "csc", "coo", "bsr", "dia", "dok", "lil"):
        for suffix in ("matrix", "array"):
            if hasattr(sp, f"{fmt}_{suffix}"):
                yield f"{fmt}_{suffix}"


try:
    for _kind in _sparse_kinds():
        _each_saver(f"scipy-{_kind}", _sparse(_kind), savers=("pickle", "joblib"))
except ImportError:
    pass


def _optimize_result():
    import scipy.optimize

    return scipy.optimize.minimize(lambda x: ((x - 1.5) ** 2).sum(), [0.0, 0.0], method="BFGS")


_each_saver("scipy-OptimizeResult", _optimize_result, savers=("pickle", "joblib"))


def _pandas_series(dtype):
    def make():
        import pandas as pd

        values = {"Int64": [1, None, 3], "Float64": [1.5, None, 2.0], "boolean": [True, None, False],
                  "string": ["a", None, "c"], "category": ["x", "y", "x"]}[dtype]
        return pd.Series(values, dtype=dtype, name=dtype)

    return make


def _pandas_to(make):
    def write(path):
        make().to_pickle(path)

    return write


def _frame():
    import numpy as np
    import pandas as pd

    return pd.DataFrame({"i": np.arange(4), "f": np.linspace(0, 1, 4), "o": ["a", "b", None, "d"],
                         "t": pd.date_range("2024-01-01", periods=4, freq="D"),
                         "c": pd.Categorical(["u", "v", "u", "w"]),
                         "tz": pd.date_range("2024-01-01", periods=4, freq="H", tz="UTC")})


def _nullable_frame():
    import pandas as pd

    return pd.DataFrame({dtype: _pandas_series(dtype)() for dtype in ("Int64", "Float64", "boolean", "string",
                                                                       "category")})


for _dtype in ("Int64", "Float64", "boolean", "string", "category"):
    case(f"pandas-{_dtype}", "pandas")(_pandas_to(_pandas_series(_dtype)))
    case(f"pandas-{_dtype}-pickle", "pickle")(lambda path, d=_dtype: _pickle_to(_pandas_series(d)(), path))
case("pandas-frame", "pandas")(_pandas_to(_frame))
case("pandas-frame-joblib", "joblib")(lambda path: _joblib_to(_frame(), path))
case("pandas-nullable-frame", "pandas")(_pandas_to(_nullable_frame))


def _offset(name):
    def make():
        import pandas as pd

        return {"BusinessDay": lambda: pd.offsets.BusinessDay(2), "MonthEnd": lambda: pd.offsets.MonthEnd(),
                "Week": lambda: pd.offsets.Week(weekday=1), "DateOffset": lambda: pd.DateOffset(months=2, days=1),
                "CustomBusinessDay": lambda: pd.offsets.CustomBusinessDay(holidays=["2024-01-01"]),
                "Day": lambda: pd.offsets.Day(3), "Hour": lambda: pd.offsets.Hour(2)}[name]()

    return make


for _name in ("BusinessDay", "MonthEnd", "Week", "DateOffset", "CustomBusinessDay", "Day", "Hour"):
    case(f"pandas-offset-{_name}", "pandas")(lambda path, n=_name: _pickle_to(_offset(n)(), path))
    case(f"pandas-offset-{_name}-pickle", "pickle")(lambda path, n=_name: _pickle_to(_offset(n)(), path))


# What pandas < 0.20 wrote for a frame: the same stream, with the index classes
# at the locations pandas' compatibility unpickler still maps
# (pandas.compat.pickle_compat._class_locations_map). pickle.load fails with
# ModuleNotFoundError, and pandas.read_pickle retries with its compat unpickler.
OLD_PANDAS_NAMES = [(b"pandas.core.indexes.base\n_new_Index\n", b"pandas.indexes.base\n_new_Index\n"),
                    (b"pandas.core.indexes.range\nRangeIndex\n", b"pandas.indexes.range\nRangeIndex\n")]


# pandas < 0.20 kept Categorical in pandas.core.categorical; the retry asks
# find_class for pandas.core.arrays.Categorical, a re-export of the class.
OLD_CATEGORICAL = [(b"pandas.core.arrays.categorical\nCategorical\n", b"pandas.core.categorical\nCategorical\n")]


def old_pandas_bytes(obj, names=OLD_PANDAS_NAMES):
    data = pickle.dumps(obj, protocol=2)  # GLOBAL opcodes, names as text, no frames
    for new, old in names:
        assert new in data, new
        data = data.replace(new, old)
    return data


@case("pandas-old-frame", "pandas")
def _old_frame(path):
    import pandas as pd

    path.write_bytes(old_pandas_bytes(pd.DataFrame({"a": [1, 2, 3], "b": [0.5, 1.5, 2.5]})))


@case("pandas-old-categorical", "pandas")
def _old_categorical(path):
    import pandas as pd

    path.write_bytes(old_pandas_bytes(pd.Series(pd.Categorical(["a", "b", "a"]), name="c"), OLD_CATEGORICAL))


class _OldOffset:
    """How pandas < 1.1 pickled a Python-level offset: copyreg._reconstructor
    with object as base, which raises TypeError for today's Cython Day;
    pandas.read_pickle catches it and its compat unpickler's load_reduce
    calls Day.__new__ instead."""

    def __reduce__(self):
        import copyreg

        import pandas as pd

        return copyreg._reconstructor, (pd.offsets.Day, object, None), {"n": 3, "normalize": False}


case("pandas-old-offset", "pandas")(lambda path: path.write_bytes(pickle.dumps(_OldOffset(), protocol=2)))


def _sklearn(kind):
    def make():
        import numpy as np
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.ensemble import RandomForestClassifier, StackingClassifier, VotingClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import GridSearchCV
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        X, y = _xy()
        model = {"GridSearchCV": lambda: GridSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, cv=2),
                 "CalibratedClassifierCV": lambda: CalibratedClassifierCV(LogisticRegression(), cv=2),
                 "Pipeline": lambda: make_pipeline(StandardScaler(), LogisticRegression()),
                 "RandomForest": lambda: RandomForestClassifier(n_estimators=3, random_state=0),
                 "VotingClassifier": lambda: VotingClassifier([("lr", LogisticRegression()),
                                                               ("rf", RandomForestClassifier(n_estimators=2,
                                                                                             random_state=0))],
                                                              voting="soft"),
                 "StackingClassifier": lambda: StackingClassifier([("lr", LogisticRegression())], cv=2)}[kind]()
        np.random.seed(0)
        return model.fit(X, y)

    return make


def _xy():
    import numpy as np

    rng = np.random.RandomState(0)
    X = rng.rand(40, 3)
    return X, (X[:, 0] + X[:, 1] > 1).astype(int)


for _kind in ("GridSearchCV", "CalibratedClassifierCV", "Pipeline", "RandomForest", "VotingClassifier",
              "StackingClassifier"):
    _each_saver(f"sklearn-{_kind}", _sklearn(_kind), savers=("pickle", "joblib"))


def _xgboost():
    import xgboost

    X, y = _xy()
    return xgboost.XGBClassifier(n_estimators=3, max_depth=2, n_jobs=1, random_state=0).fit(X, y)


try:
    if importlib.util.find_spec("xgboost") is not None:
        _each_saver("xgboost-classifier", _xgboost, savers=("pickle", "joblib"))
        _each_saver("xgboost-booster", lambda: _xgboost().get_booster(), savers=("pickle",))
except ImportError:
    pass


def _arima():
    import numpy as np
    from statsmodels.tsa.arima.model import ARIMA

    series = np.sin(np.linspace(0, 12, 60)) + np.random.RandomState(0).normal(0, 0.1, 60)
    return ARIMA(series, order=(1, 0, 0)).fit()


if importlib.util.find_spec("statsmodels") is not None:
    _each_saver("statsmodels-ARIMA", _arima, savers=("pickle",))


def _stdlib(kind):
    def make():
        import argparse

        return {"Namespace": lambda: argparse.Namespace(lr=0.1, name="run", layers=[1, 2]),
                "PosixPath": lambda: pathlib.PosixPath("/data/models/model.pt"),
                "defaultdict": lambda: collections.defaultdict(float, {"a": 1.0}),
                "range": lambda: range(2, 20, 3),
                "OrderedDict": lambda: collections.OrderedDict([("b", 1), ("a", 2)]),
                "mixed": lambda: {"set": {1, 2}, "frozenset": frozenset("ab"), "bytes": b"\x00\x01",
                                  "complex": 1 + 2j, "slice": slice(1, 5, 2), "bytearray": bytearray(b"xy")}}[kind]()

    return make


for _kind in ("Namespace", "PosixPath", "defaultdict", "range", "OrderedDict", "mixed"):
    _each_saver(f"stdlib-{_kind}", _stdlib(_kind), savers=("pickle", "joblib"))
_each_saver("stdlib-Namespace-with-tensor", lambda: __import__("argparse").Namespace(w=_tensor(), epochs=3),
            savers=("torch",))


def _numpy_objects():
    import numpy as np

    return np.array([{"a": 1}, [1, 2], "text", None, 3.5, (1, "x")], dtype=object)


@case("numpy-object-array-npy", "numpy")
def _npy(path):
    import numpy as np

    with open(path, "wb") as f:
        np.save(f, _numpy_objects(), allow_pickle=True)


@case("numpy-npz-objects", "numpy-npz")
def _npz(path):
    import numpy as np

    with open(path, "wb") as f:
        np.savez(f, objects=_numpy_objects(), numbers=np.arange(5.0))


_each_saver("numpy-arrays", lambda: {"f": __import__("numpy").linspace(0, 1, 5),
                                     "s": __import__("numpy").array(["a", "bc"]),
                                     "r": __import__("numpy").zeros(2, dtype=[("x", "<i4"), ("y", "<f8")]),
                                     "o": _numpy_objects()},
            savers=("pickle", "joblib"))


def _dill_available():
    import importlib.util

    return importlib.util.find_spec("dill") is not None


if _dill_available():
    @case("dill-plain-data", "dill")
    def _dill(path):
        import dill

        path.write_bytes(dill.dumps({"a": [1, 2.5, "x"], "b": (None, True), "c": {1, 2}}))


# --- loaders ----------------------------------------------------------------

def load(loader, path):
    if loader == "pickle":
        with open(path, "rb") as f:
            return pickle.load(f)
    if loader == "joblib":
        import joblib

        return joblib.load(path)
    if loader == "torch":
        import torch

        return torch.load(path, weights_only=False)
    if loader == "pandas":
        import pandas

        return pandas.read_pickle(path)
    if loader == "numpy":
        import numpy

        return numpy.load(path, allow_pickle=True)
    if loader == "numpy-npz":
        import numpy

        with numpy.load(path, allow_pickle=True) as z:
            return {k: z[k] for k in z.files}
    if loader == "dill":
        import dill

        with open(path, "rb") as f:
            return dill.load(f)
    raise ValueError(loader)


def canon(obj, depth=0):
    """A JSON-able form of obj that equal loads share."""
    if depth > 20:
        return "<deep>"
    kind = type(obj)
    name = f"{kind.__module__}.{kind.__qualname__}"
    if obj is None or kind in (bool, int, float, str):
        return obj if kind is not float or obj == obj else "nan"
    if kind in (list, tuple):
        return [name, [canon(v, depth + 1) for v in obj]]
    if isinstance(obj, dict):
        items = sorted(([repr(k), canon(v, depth + 1)] for k, v in obj.items()), key=lambda kv: kv[0])
        extra = repr(obj.default_factory) if isinstance(obj, collections.defaultdict) else None
        return [name, extra, items]
    if kind.__module__.startswith("torch"):
        import torch

        if isinstance(obj, torch.Tensor):
            return [name, str(obj.dtype), list(obj.shape), obj.detach().tolist()]
        if isinstance(obj, torch.nn.Module):
            with torch.no_grad():
                out = None if not isinstance(obj, torch.nn.TransformerEncoder) else obj(
                    torch.linspace(-1, 1, 32).reshape(2, 2, 8))
                if isinstance(obj, (torch.nn.MaxPool2d, torch.nn.LeakyReLU)):
                    out = obj(torch.linspace(-1, 1, 16).reshape(1, 1, 4, 4))
            return [name, repr(obj), canon(obj.state_dict(), depth + 1), canon(out, depth + 1)]
        if hasattr(obj, "state_dict"):
            return [name, canon(obj.state_dict(), depth + 1)]
    if hasattr(obj, "__func__") and hasattr(obj, "__self__"):  # a bound method
        return [name, obj.__func__.__qualname__, type(obj.__self__).__qualname__]
    if kind.__module__.startswith("numpy"):
        import numpy

        if isinstance(obj, numpy.ndarray):
            values = obj.tolist()
            return [name, str(obj.dtype), list(obj.shape), canon(values, depth + 1) if obj.dtype.hasobject
                    else repr(values)]
    if kind.__name__ == "OptimizeResult":
        return [name, sorted(obj.keys()), [round(float(v), 4) for v in obj.x], bool(obj.success)]
    if kind.__module__.startswith("scipy.sparse"):
        return [name, obj.format, repr(obj.toarray().tolist()), str(obj.dtype)]
    if kind.__module__.startswith("pandas"):
        import pandas

        if isinstance(obj, pandas.DataFrame):
            return [name, repr(obj.dtypes.to_dict()), repr(obj), repr(obj.index)]
        if isinstance(obj, pandas.Series):
            return [name, str(obj.dtype), repr(obj), repr(obj.index), obj.name]
        return [name, repr(obj), repr(obj + pandas.Timestamp("2024-01-03")) if hasattr(obj, "rollforward")
                else None]
    if kind.__module__.startswith("statsmodels"):
        return [name, repr([round(float(v), 6) for v in obj.params])]
    if kind.__module__.startswith(("sklearn", "xgboost")):
        X, _ = _xy()
        if hasattr(obj, "predict_proba"):
            predicted = obj.predict_proba(X)
        elif hasattr(obj, "predict") and not kind.__name__ == "Booster":
            predicted = obj.predict(X)
        else:
            import xgboost

            predicted = obj.predict(xgboost.DMatrix(X))
        return [name, repr([round(float(v), 6) for v in predicted.ravel()])]
    if isinstance(obj, (set, frozenset)):
        return [name, sorted(repr(v) for v in obj)]
    return [name, repr(obj)]


def write_all(folder):
    folder = pathlib.Path(folder)
    manifest = {}
    for name, (loader, writer) in CASES.items():
        path = folder / f"{name}.bin"
        writer(path)
        manifest[name] = {"loader": loader, "path": str(path)}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))


def load_all(folder, mode):
    guarded = mode in ("guarded", "guarded-off", "run")
    if guarded:
        import sentinel.guard

        if not sentinel.guard.installed():
            raise SystemExit(f"mode {mode}: the guard is not installed")
    refusal = sys.modules["sentinel.errors"].UnsafeFileError if guarded else ()
    manifest = json.loads((pathlib.Path(folder) / "manifest.json").read_text())
    for name, entry in manifest.items():
        result = {"case": name, "outcome": "loaded", "canon": None, "detail": ""}
        try:
            result["canon"] = canon(load(entry["loader"], entry["path"]))
        except refusal as e:
            result.update(outcome="refused", detail=str(e)[:400])
        except Exception as e:  # noqa: BLE001 - reported, compared with the unguarded load
            result.update(outcome="error", detail=f"{type(e).__name__}: {e}"[:400] + traceback.format_exc()[-600:])
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write_all(sys.argv[2])
    elif sys.argv[1] == "load":
        load_all(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
