#!/usr/bin/python3
"""Catalogue every pickle global one Debian generation's real libraries write.

    /usr/bin/python3 scripts/gen_generation_catalogue.py --out tests/fixtures/generations/bookworm/CATALOGUE.tsv
    scripts/chroot/run_in_chroot.sh sid /usr/bin/python3 \\
        scripts/gen_generation_catalogue.py --out tests/fixtures/generations/sid/CATALOGUE.tsv

With the running interpreter's libraries, build as many picklable objects as
possible (numpy, pandas, scipy, scikit-learn, torch, xgboost, the stdlib data
types and, when installed, gensim, networkx, statsmodels, skorch, geopandas,
shapely, dateutil, pytz, transformers, accelerate, tokenizers), serialize each
one in memory:

  * pickle.dumps at protocols 2, 4 and 5 (label pN);
  * torch.save zip (data.pkl, default protocol; label torch.save-zip) and the
    legacy format (_use_new_zipfile_serialization=False; torch.save-legacy)
    for torch objects;
  * joblib.dump for scikit-learn / xgboost objects (label joblib);

and record the globals of the bytes just written. Nothing is ever loaded:

  * pickle streams are walked STATICALLY with pickletools.genops and a small
    stack/memo emulation (GLOBAL/INST operands; STACK_GLOBAL operands are the
    strings tracked through the stack and memo: PUT/BINPUT/LONG_BINPUT/
    MEMOIZE/GET/BINGET/LONG_BINGET/DUP);
  * names from streams of protocol < 3 are mapped through _compat_pickle
    (NAME_MAPPING, then IMPORT_MAPPING) exactly as pickle.Unpickler.find_class
    does with fix_imports=True;
  * byte strings inside a stream that are themselves serialized payloads (a
    torch zip, a legacy torch file or a complete pickle - e.g. the argument of
    torch.storage._load_from_bytes, skorch's cuda-dependent attributes) are
    walked the same way (how gets a ' nested' suffix);
  * joblib's NumpyPickler interleaves raw array bytes with its pickle, so for
    joblib every save_global call of pickle._Pickler is replayed into a scratch
    pickler at write time and the scratch bytes are walked statically (the
    nested pickle.dump joblib uses for object arrays is walked too).

Output (--out FILE), no header, one row per distinct global:

    module<TAB>qualname<TAB>library<TAB>how

library is the library whose object produced the global first, how a short
label of that object and serialization (e.g.
`sklearn.all_estimators:RandomForestClassifier p4`). Rows are sorted. A second
section follows (also sorted): rows with library EXCLUDE, globals that real
libraries write but that must not be trusted by name (scipy.stats
distributions, whose __setstate__ exec()s a template string taken from the
pickled state - emitted only when this scipy's source shows that). Globals of
the `__main__` module (this script) are never recorded.

A summary (rows per library, skipped objects, names worth a review) goes to
stderr. Objects that fail to construct, fit or serialize are skipped and
counted. Seeds are fixed; nothing is fetched from the network.
"""

import os

for _k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
           "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ.setdefault(_k, "1")
for _k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
    os.environ[_k] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("WANDB_DISABLED", "true")

import argparse  # noqa: E402
import collections  # noqa: E402
import contextlib  # noqa: E402
import importlib  # noqa: E402
import inspect  # noqa: E402
import io  # noqa: E402
import pickle  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
import zipfile  # noqa: E402


HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

PROTOCOLS = (2, 4, 5)
OBJECT_TIMEOUT = 60          # seconds per object (construct + fit + serialize)
EXCLUDE_SCIPY_HOW = "scipy.stats distributions run exec in __setstate__"

# ---------------------------------------------------------------------------
# static global extraction
# ---------------------------------------------------------------------------


from pickle_globals import WalkError, map_py2_name, record_pickler_globals, walk_one  # noqa: E402


_TORCH_MAGIC = 0x1950a86a20f9469cfc6c
_LEGACY_PREFIXES = tuple(pickle.dumps(_TORCH_MAGIC, protocol=p) for p in (2, 3, 4, 5))


def globals_of_stream(data, depth=0):
    """Globals of one pickle stream; returns (direct, nested)."""
    payloads = []
    direct = walk_one(io.BytesIO(data), data, payloads=payloads)
    return direct, nested_globals(payloads, depth)


def globals_of_torch_zip(data, depth=0):
    direct, nested = [], []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for n in sorted(zf.namelist()):
            if n.endswith(".pkl"):
                d, ne = globals_of_stream(zf.read(n), depth)
                direct += d
                nested += ne
    return direct, nested


def globals_of_torch_legacy(data, depth=0):
    """Legacy torch.save: magic, protocol, sys_info, object graph, storage keys."""
    f = io.BytesIO(data)
    direct, payloads = [], []
    for _ in range(5):
        direct += walk_one(f, data, payloads=payloads)
    return direct, nested_globals(payloads, depth)


def nested_globals(payloads, depth):
    """Globals of byte strings that are serialized payloads themselves."""
    out = []
    if depth >= 4:
        return out
    for p in payloads:
        try:
            if p[:4] == b"PK\x03\x04":
                if not zipfile.is_zipfile(io.BytesIO(p)):
                    continue
                d, n = globals_of_torch_zip(p, depth + 1)
            elif p.startswith(_LEGACY_PREFIXES):
                d, n = globals_of_torch_legacy(p, depth + 1)
            elif p[:1] == b"\x80" and len(p) > 2 and 2 <= p[1] <= 5:
                f = io.BytesIO(p)
                sub = []
                d = walk_one(f, p, payloads=sub)
                if f.tell() != len(p):      # not exactly one pickle: raw data
                    continue
                n = nested_globals(sub, depth + 1)
            else:
                continue
        except Exception:  # noqa: BLE001 - raw data that merely looks like a payload
            continue
        out += d + n
    return out


def construct(cls, name, special, value):
    """special[name]() when listed, else cls(), else cls with each required
    parameter from value(pname)."""
    if name in special:
        return special[name]()
    try:
        return cls()
    except TypeError:
        pass
    kw = {pname: value(pname) for pname, p in inspect.signature(cls).parameters.items()
          if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    return cls(**kw)


class Timeout(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds):
    def handler(signum, frame):
        raise Timeout("timed out after %ds" % seconds)
    old = signal.signal(signal.SIGALRM, handler)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


class Variant:
    """A builder result whose label needs a suffix (e.g. an unfitted estimator)."""

    def __init__(self, obj, suffix):
        self.obj = obj
        self.suffix = suffix


_VARIANT_RE = re.compile(r" (p[0-9]|torch\.save-zip|torch\.save-legacy|joblib)( nested)?$")


class Catalogue:
    def __init__(self):
        self.rows = {}            # (module, qualname) -> (library, how)
        self.exclude = {}
        self.skipped = []         # (library, label, stage, error)
        self.missing = []         # (library, reason)
        self.objects = 0
        self.serializations = 0
        self.main_refs = set()
        self.review_src = {}      # global -> labels of the objects producing it

    def note(self, globs, library, how):
        for g in globs:
            if g[0] == "__main__":
                self.main_refs.add(g)
                continue
            if excluded_global(g[0], g[1]):
                self.exclude.setdefault(g, ("EXCLUDE", EXCLUDE_SCIPY_HOW, how))
                continue
            self.rows.setdefault(g, (library, how))
            if needs_review(*g):
                srcs = self.review_src.setdefault(g, [])
                obj = _VARIANT_RE.sub("", how)
                if obj not in srcs and len(srcs) < 12:
                    srcs.append(obj)

    def skip(self, library, label, stage, err):
        msg = "%s: %s" % (type(err).__name__, str(err).replace("\n", " ").replace("\t", " ")[:160])
        self.skipped.append((library, label, stage, msg))


CAT = Catalogue()

# Classes whose unpickling reaches exec() on pickled state (set by
# check_scipy_stats_exec when this scipy's source shows it).
EXCLUDE_BASES = ()


def excluded_global(module, qualname):
    """True for a scipy.stats class deriving from EXCLUDE_BASES (resolved only
    in modules this process has already imported; nothing is imported)."""
    if not EXCLUDE_BASES or not (module == "scipy.stats" or module.startswith("scipy.stats.")):
        return False
    obj = sys.modules.get(module)
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
    return isinstance(obj, type) and issubclass(obj, EXCLUDE_BASES)


def _torch_save(obj, legacy):
    import torch
    buf = io.BytesIO()
    if legacy:
        torch.save(obj, buf, _use_new_zipfile_serialization=False)
    else:
        torch.save(obj, buf)
    return buf.getvalue()


def serialize_all(library, label, obj, kinds):
    """Serialize obj every way in kinds and note its globals."""
    done = 0
    for kind in kinds:
        if kind == "pickle":
            for p in PROTOCOLS:
                how = "%s p%d" % (label, p)
                try:
                    data = pickle.dumps(obj, protocol=p)
                    d, n = globals_of_stream(data)
                except Exception as e:  # noqa: BLE001
                    CAT.skip(library, label, "pickle p%d" % p, e)
                    continue
                CAT.note(d, library, how)
                CAT.note(n, library, how + " nested")
                done += 1
        elif kind == "torch":
            for legacy in (False, True):
                how = "%s torch.save-%s" % (label, "legacy" if legacy else "zip")
                try:
                    data = _torch_save(obj, legacy)
                    if legacy:
                        d, n = globals_of_torch_legacy(data)
                    else:
                        d, n = globals_of_torch_zip(data)
                except Exception as e:  # noqa: BLE001
                    CAT.skip(library, label, "torch.save-%s" % ("legacy" if legacy else "zip"), e)
                    continue
                CAT.note(d, library, how)
                CAT.note(n, library, how + " nested")
                done += 1
        elif kind == "joblib":
            how = "%s joblib" % label
            try:
                import joblib
                with record_pickler_globals(lambda data: sum(globals_of_stream(data), [])) as rec:
                    joblib.dump(obj, io.BytesIO())
            except Exception as e:  # noqa: BLE001
                CAT.skip(library, label, "joblib", e)
                continue
            CAT.note(rec.found, library, how)
            done += 1
        else:
            raise ValueError(kind)
    CAT.serializations += done
    return done


def seed_all():
    random.seed(0)
    try:
        import numpy as np
        np.random.seed(0)
    except ImportError:
        pass
    try:
        import torch
        torch.manual_seed(0)
    except ImportError:
        pass


def run_items(library, items):
    for label, thunk, kinds in items:
        seed_all()
        CAT.objects += 1
        try:
            with deadline(OBJECT_TIMEOUT):
                try:
                    obj = thunk()
                except Timeout:
                    raise
                except Exception as e:  # noqa: BLE001
                    CAT.skip(library, label, "construct", e)
                    continue
                if isinstance(obj, Variant):
                    label = label + " " + obj.suffix
                    obj = obj.obj
                serialize_all(library, label, obj, kinds)
        except Timeout as e:
            CAT.skip(library, label, "timeout", e)


class ItemList(list):
    def add(self, label, thunk, kinds=("pickle",)):
        self.append((label, thunk, kinds))


# ---------------------------------------------------------------------------
# stdlib
# ---------------------------------------------------------------------------

def items_stdlib():
    import argparse as ap
    import array
    import datetime as dt
    import decimal
    import fractions
    import http
    import ipaddress
    import pathlib
    import re
    import socket
    import time as tm
    import types
    import uuid
    items = ItemList()
    a = items.add
    a("builtins:scalars", lambda: [1, 2 ** 70, 1.5, 1 + 2j, "s", b"b", None, True, Ellipsis,
                                   NotImplemented])
    a("builtins:containers", lambda: [(1,), [1], {"a": 1}, {1, 2}, frozenset({1}),
                                      bytearray(b"ab"), range(3), range(1, 9, 2),
                                      slice(1, 5, 2), complex(1, -1)])
    a("pathlib:paths", lambda: [pathlib.PurePosixPath("/a/b"), pathlib.PosixPath("/a/b"),
                                pathlib.PureWindowsPath("C:/a/b"), pathlib.Path("rel")])
    a("argparse:Namespace", lambda: ap.Namespace(lr=0.1, name="x", flags=[1, 2]))
    a("ipaddress:objects", lambda: [ipaddress.IPv4Address("10.0.0.1"),
                                    ipaddress.IPv6Address("::1"),
                                    ipaddress.IPv4Network("10.0.0.0/8"),
                                    ipaddress.IPv6Network("fe80::/64"),
                                    ipaddress.IPv4Interface("10.0.0.1/8"),
                                    ipaddress.IPv6Interface("fe80::1/64")])

    def zone():
        import zoneinfo
        return [zoneinfo.ZoneInfo("UTC"), zoneinfo.ZoneInfo("Europe/Paris"),
                dt.datetime(2024, 1, 1, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))]
    a("zoneinfo:ZoneInfo", zone)
    a("datetime:family", lambda: [dt.date(2024, 1, 2), dt.time(1, 2, 3, 4),
                                  dt.datetime(2024, 1, 2, 3, 4, 5, 6), dt.timedelta(days=1, seconds=2),
                                  dt.timezone.utc, dt.timezone(dt.timedelta(hours=5), "X"),
                                  dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc),
                                  dt.time(1, 2, tzinfo=dt.timezone.utc)])
    a("decimal:Decimal", lambda: [decimal.Decimal("1.25"), decimal.Decimal("NaN"),
                                  decimal.Decimal("-Infinity")])
    a("decimal:Context", lambda: decimal.Context(prec=10))
    a("fractions:Fraction", lambda: fractions.Fraction(3, 4))
    a("uuid:UUID", lambda: [uuid.UUID(int=0x1234), uuid.UUID("12345678-1234-5678-1234-567812345678"),
                            uuid.SafeUUID.safe])
    a("collections:OrderedDict", lambda: collections.OrderedDict([("a", 1), ("b", 2)]))
    a("collections:defaultdict", lambda: [collections.defaultdict(list, {"a": [1]}),
                                          collections.defaultdict(int), collections.defaultdict(dict),
                                          collections.defaultdict(set), collections.defaultdict(float)])
    a("collections:deque", lambda: collections.deque([1, 2], maxlen=5))
    a("collections:Counter", lambda: collections.Counter("abracadabra"))
    a("collections:ChainMap", lambda: collections.ChainMap({"a": 1}, {"b": 2}))
    a("array:array", lambda: [array.array("d", [1.0, 2.0]), array.array("i", [1, 2]),
                              array.array("u", "ab"), array.array("B", b"ab")])
    a("time:struct_time", lambda: tm.gmtime(0))
    a("types:SimpleNamespace", lambda: types.SimpleNamespace(a=1))
    a("re:Pattern", lambda: [re.compile(r"\w+"), re.compile(rb"\d", re.I)])

    def enums():
        import inspect as ins
        import signal as sg
        out = [http.HTTPStatus.OK, http.HTTPStatus.NOT_FOUND, re.RegexFlag.IGNORECASE,
               re.I | re.M, sg.Signals.SIGINT, sg.SIGTERM, socket.AddressFamily.AF_INET,
               socket.SocketKind.SOCK_STREAM, ins._ParameterKind.POSITIONAL_ONLY,
               ins.Parameter.KEYWORD_ONLY]
        return out
    a("enum:stdlib members", enums)
    return items


# ---------------------------------------------------------------------------
# numpy
# ---------------------------------------------------------------------------

def items_numpy():
    import numpy as np
    items = ItemList()
    a = items.add
    scalar_types = sorted({t for t in np.sctypeDict.values() if isinstance(t, type)},
                          key=lambda t: (t.__module__, t.__name__))
    for t in scalar_types:
        tn = t.__name__

        def scal(t=t):
            if issubclass(t, np.datetime64):
                return [t("2024-01-01"), t("2024-01-01T00:00:00.123", "ms"), t("NaT")]
            if issubclass(t, np.timedelta64):
                return [t(5, "s"), t(1, "D"), t("NaT")]
            if issubclass(t, np.void):
                return np.zeros(1, dtype=[("a", "i4"), ("b", "f8")])[0]
            if issubclass(t, np.object_):
                return np.array([{"k": 1}], dtype=object)[0]
            if issubclass(t, (np.str_,)):
                return t("abc")
            if issubclass(t, np.bytes_):
                return t(b"abc")
            return t(1)
        a("numpy.scalar:%s" % tn, scal)

        def arr(t=t):
            if issubclass(t, np.datetime64):
                return np.array(["2024-01-01", "NaT"], dtype="datetime64[D]")
            if issubclass(t, np.timedelta64):
                return np.array([1, 2], dtype="timedelta64[s]")
            if issubclass(t, np.void):
                return np.zeros(2, dtype="V4")
            if issubclass(t, np.object_):
                return np.array([1, "a", None, {"k": [1.5]}], dtype=object)
            if issubclass(t, np.str_):
                return np.array(["a", "bc"])
            if issubclass(t, np.bytes_):
                return np.array([b"a", b"bc"])
            return np.ones((2, 3), dtype=t)
        a("numpy.array:%s" % tn, arr)
        a("numpy.dtype:%s" % tn, lambda t=t: [np.dtype(t), t])
    a("numpy.array:byteorder", lambda: [np.ones(2, dtype=">f8"), np.ones(2, dtype=">i4"),
                                        np.ones(2, dtype="<c8"), np.asfortranarray(np.ones((2, 2))),
                                        np.ones((2, 3))[:, ::2], np.zeros((0, 3)), np.array(5.0)])
    a("numpy.array:structured", lambda: [
        np.zeros(2, dtype=[("a", "<i4"), ("b", "f8", (2,)), ("c", "U3"), ("d", [("e", "u1")])]),
        np.zeros(1, dtype=np.dtype([("a", "<i4"), ("b", [("c", "f4", (2, 2))])], align=True)),
        np.zeros(1, dtype=np.dtype({"names": ["x"], "formats": ["i8"], "offsets": [8], "itemsize": 16})),
        np.zeros(2, dtype=("i4", (2,))), np.zeros(1, dtype=[("o", "O"), ("f", "f4")])])
    units = ("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as")
    for u in units:
        a("numpy.datetime64[%s]" % u, lambda u=u: [np.array([1, 2], dtype="datetime64[%s]" % u),
                                                   np.datetime64(1, u)])
        a("numpy.timedelta64[%s]" % u, lambda u=u: [np.array([1, 2], dtype="timedelta64[%s]" % u),
                                                    np.timedelta64(1, u)])
    a("numpy.datetime64[generic]", lambda: [np.array(["NaT"], dtype="datetime64"),
                                            np.array([1], dtype="timedelta64")])
    a("numpy.ma:masked_array", lambda: np.ma.array([1.0, 2.0, 3.0], mask=[False, True, False],
                                                   fill_value=-1))
    a("numpy.ma:masked_struct", lambda: np.ma.array([(1, 2.0)], mask=[(True, False)],
                                                    dtype=[("a", "i4"), ("b", "f8")]))
    a("numpy.ma:masked_constant", lambda: np.ma.masked)
    a("numpy.ma:nomask_int", lambda: np.ma.array(np.arange(4)))
    a("numpy:matrix", lambda: np.matrix([[1, 2], [3, 4]]))
    a("numpy.rec:recarray", lambda: np.rec.array([(1, 2.0), (3, 4.0)], dtype=[("a", "i4"), ("b", "f8")]))
    a("numpy.rec:record", lambda: np.rec.array([(1, 2.0)], dtype=[("a", "i4"), ("b", "f8")])[0])
    a("numpy.char:chararray", lambda: np.char.array(["a", "bc"]))
    a("numpy:poly1d", lambda: np.poly1d([1.0, 2.0, 3.0]))
    for pn in ("Polynomial", "Chebyshev", "Legendre", "Laguerre", "Hermite", "HermiteE"):
        a("numpy.polynomial:%s" % pn, lambda pn=pn: getattr(np.polynomial, pn)([1.0, 2.0]))
    bgs = [n for n in ("MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64") if hasattr(np.random, n)]
    for n in bgs:
        a("numpy.random:Generator(%s)" % n, lambda n=n: np.random.Generator(getattr(np.random, n)(0)))
        a("numpy.random:%s" % n, lambda n=n: getattr(np.random, n)(0))
        a("numpy.random:%s.state" % n, lambda n=n: getattr(np.random, n)(0).state)
    a("numpy.random:default_rng", lambda: np.random.default_rng(0))
    a("numpy.random:RandomState", lambda: np.random.RandomState(0))
    a("numpy.random:RandomState.get_state", lambda: np.random.RandomState(0).get_state())
    a("numpy.random:SeedSequence", lambda: np.random.SeedSequence(0))
    a("numpy.random:SeedSequence.spawn", lambda: np.random.SeedSequence(0).spawn(2))

    def funcs():
        names = ["add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "power",
                 "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "square", "absolute",
                 "abs", "clip", "maximum", "minimum", "sin", "cos", "tanh", "arcsinh", "sinh",
                 "floor", "ceil", "round", "mean", "sum", "std", "var", "median", "argmax",
                 "argmin", "sort", "where", "dot", "matmul", "isnan", "isfinite", "sign",
                 "negative", "reciprocal", "logical_and", "greater", "less", "equal", "nanmean",
                 "cumsum", "prod", "amax", "amin", "max", "min", "exp2", "rint", "nan_to_num"]
        return collections.OrderedDict((n, getattr(np, n)) for n in names if hasattr(np, n))
    a("numpy:functions+ufuncs", funcs)
    for n in ("add", "log1p", "clip", "sqrt", "mean"):
        a("numpy:%s" % n, lambda n=n: getattr(np, n))
    a("numpy:finfo/iinfo", lambda: [np.finfo(np.float32), np.iinfo(np.int16)])
    a("numpy:errstate-free misc", lambda: [np.nan, np.inf, np.float64("nan"), np.bool_(True),
                                           np.newaxis, np.ndarray, np.generic, np.number])
    return items


# ---------------------------------------------------------------------------
# pandas
# ---------------------------------------------------------------------------

def items_pandas():
    import numpy as np
    import pandas as pd
    items = ItemList()
    a = items.add
    n = 3
    try:
        import pyarrow  # noqa: F401
        have_arrow = True
    except ImportError:
        have_arrow = False
    arrays = collections.OrderedDict()
    for dt_ in ("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"):
        arrays[dt_] = lambda dt_=dt_: pd.array([1, None, 3], dtype=dt_)
    for dt_ in ("Float32", "Float64"):
        arrays[dt_] = lambda dt_=dt_: pd.array([1.5, None, 2.5], dtype=dt_)
    arrays["boolean"] = lambda: pd.array([True, None, False], dtype="boolean")
    arrays["string"] = lambda: pd.array(["a", None, "c"], dtype="string")
    arrays["string[python]"] = lambda: pd.array(["a", None, "c"], dtype="string[python]")
    if have_arrow:
        arrays["string[pyarrow]"] = lambda: pd.array(["a", None, "c"], dtype="string[pyarrow]")
        arrays["string[pyarrow_numpy]"] = lambda: pd.array(["a", None, "c"], dtype="string[pyarrow_numpy]")
    arrays["str"] = lambda: pd.array(["a", None, "c"], dtype="str")
    arrays["category"] = lambda: pd.Categorical(["a", "b", "a"])
    arrays["category_ordered_int"] = lambda: pd.Categorical([1, 2, 1], categories=[2, 1], ordered=True)
    arrays["datetime_naive"] = lambda: pd.date_range("2024-01-01", periods=n).array
    arrays["datetime_utc"] = lambda: pd.date_range("2024-01-01", periods=n, tz="UTC").array
    arrays["datetime_paris"] = lambda: pd.date_range("2024-01-01", periods=n, tz="Europe/Paris").array
    arrays["datetime_fixed"] = lambda: pd.date_range(
        "2024-01-01", periods=n, tz=pd.Timestamp("2024-01-01T00:00+05:30").tz).array
    arrays["datetime_ms"] = lambda: pd.Series(pd.date_range("2024-01-01", periods=n)).astype(
        "datetime64[ms]").array
    arrays["timedelta"] = lambda: pd.timedelta_range("1 day", periods=n).array
    arrays["period_M"] = lambda: pd.period_range("2024-01", periods=n, freq="M").array
    arrays["period_D"] = lambda: pd.period_range("2024-01-01", periods=n, freq="D").array
    arrays["interval_int"] = lambda: pd.arrays.IntervalArray.from_breaks([0, 1, 2, 3])
    arrays["interval_float_left"] = lambda: pd.arrays.IntervalArray.from_breaks(
        [0.0, 0.5, 1.0, 2.0], closed="left")
    arrays["interval_dt"] = lambda: pd.interval_range(pd.Timestamp("2024-01-01"), periods=n).array
    arrays["sparse_float"] = lambda: pd.arrays.SparseArray([0.0, 0.0, 1.0])
    arrays["sparse_int"] = lambda: pd.arrays.SparseArray([0, 0, 1], fill_value=0)
    arrays["object"] = lambda: np.array([1, "a", None], dtype=object)
    arrays["complex"] = lambda: np.array([1j, 2, 3], dtype="complex128")
    arrays["numpy_int64"] = lambda: np.arange(n)
    arrays["numpy_float32"] = lambda: np.arange(n, dtype="float32")
    arrays["numpy_bool"] = lambda: np.array([True, False, True])
    arrays["numpy_uint8"] = lambda: np.arange(n, dtype="uint8")
    if have_arrow and hasattr(pd, "ArrowDtype"):
        import pyarrow as pa
        for an, at in (("int64", pa.int64()), ("float32", pa.float32()), ("string", pa.string()),
                       ("large_string", pa.large_string()), ("bool", pa.bool_()),
                       ("timestamp_us_utc", pa.timestamp("us", tz="UTC")), ("date32", pa.date32()),
                       ("list_int", pa.list_(pa.int64())), ("decimal", pa.decimal128(5, 2)),
                       ("binary", pa.binary()), ("duration", pa.duration("s")),
                       ("dictionary", pa.dictionary(pa.int8(), pa.string())),
                       ("struct", pa.struct([("x", pa.int32())]))):
            vals = {"int64": [1, None, 3], "float32": [1.0, None, 2.0], "string": ["a", None, "b"],
                    "large_string": ["a", None, "b"], "bool": [True, None, False],
                    "timestamp_us_utc": [pd.Timestamp("2024-01-01", tz="UTC"), None, None],
                    "date32": [__import__("datetime").date(2024, 1, 1), None, None],
                    "list_int": [[1], None, [2, 3]], "decimal": [__import__("decimal").Decimal("1.25"), None, None],
                    "binary": [b"a", None, b"b"], "duration": [pd.Timedelta(1, "s"), None, None],
                    "dictionary": ["a", None, "a"], "struct": [{"x": 1}, None, {"x": 2}]}[an]
            arrays["arrow_" + an] = lambda at=at, vals=vals: pd.array(
                pa.array(vals, type=at), dtype=pd.ArrowDtype(at))

    for name, mk in arrays.items():
        a("pandas.Series:%s" % name, lambda mk=mk, name=name: pd.Series(mk(), name=name))
        a("pandas.array:%s" % name, mk)
        a("pandas.Index:%s" % name, lambda mk=mk: pd.Index(mk()))

    def frame():
        cols = collections.OrderedDict()
        for name, mk in arrays.items():
            try:
                cols[name] = mk()
            except Exception:  # noqa: BLE001
                pass
        return pd.DataFrame(cols)
    a("pandas.DataFrame:all dtypes", frame)
    a("pandas.DataFrame:empty", lambda: pd.DataFrame())
    a("pandas.DataFrame:multiindex", lambda: pd.DataFrame(
        {"v": [1, 2, 3, 4]}, index=pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["k1", "k2"])))
    a("pandas.DataFrame:multicolumns", lambda: pd.DataFrame(np.ones((2, 2)), columns=pd.MultiIndex.from_tuples(
        [("a", "x"), ("a", "y")])))
    a("pandas.DataFrame:attrs", lambda: pd.DataFrame({"a": [1]}).set_flags(allows_duplicate_labels=False))
    a("pandas.Index:kinds", lambda: [pd.RangeIndex(5), pd.RangeIndex(1, 9, 2), pd.Index([1, 2], dtype="int64"),
                                     pd.Index([1.5, 2.5]), pd.Index([1, 2], dtype="uint64"),
                                     pd.Index([True, False], dtype=object), pd.Index(["a", "b"]),
                                     pd.CategoricalIndex(["a", "b"]), pd.DatetimeIndex(["2024-01-01"]),
                                     pd.date_range("2024-01-01", periods=2, freq="D"),
                                     pd.date_range("2024-01-01", periods=2, freq="h", tz="Europe/Paris"),
                                     pd.TimedeltaIndex(["1 day"]), pd.PeriodIndex(["2024-01"], freq="M"),
                                     pd.IntervalIndex.from_breaks([0, 1, 2]),
                                     pd.MultiIndex.from_arrays([[1, 2], ["a", "b"]], names=["x", "y"])])
    a("pandas:scalars", lambda: [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-01", tz="Europe/Paris"),
                                 pd.Timestamp("2024-01-01", tz="UTC"), pd.Timestamp(0, unit="s", tz="Asia/Tokyo"),
                                 pd.Period("2024-01", "M"), pd.Period("2024-01-01", "D"),
                                 pd.Interval(0, 1, closed="left"), pd.NA, pd.NaT, pd.Timedelta(1, "s")])
    a("pandas:dtypes", lambda: [pd.CategoricalDtype(["a", "b"]), pd.DatetimeTZDtype(tz="UTC"),
                                pd.PeriodDtype("D"), pd.IntervalDtype("int64"), pd.Int64Dtype(),
                                pd.StringDtype(), pd.BooleanDtype(), pd.Float64Dtype(),
                                pd.SparseDtype("float64")])
    from pandas.tseries import offsets
    offset_classes = sorted({getattr(offsets, n) for n in dir(offsets)
                             if not n.startswith("_") and isinstance(getattr(offsets, n), type)},
                            key=lambda c: c.__name__)
    for cls in offset_classes:
        if cls.__module__.startswith("pandas") and "offsets" in cls.__module__:
            a("pandas.tseries.offsets:%s" % cls.__name__, lambda cls=cls: cls())
    a("pandas.tseries.offsets:with args", lambda: [offsets.Day(2), offsets.Minute(5), offsets.Week(weekday=0),
                                                   offsets.QuarterEnd(startingMonth=3),
                                                   offsets.CustomBusinessDay(holidays=["2024-01-01"]),
                                                   offsets.DateOffset(months=1, days=2)])
    a("pandas:Series freq/tz index", lambda: pd.Series([1, 2], index=pd.period_range("2024", periods=2, freq="Y")))
    return items


# ---------------------------------------------------------------------------
# scipy
# ---------------------------------------------------------------------------

def check_scipy_stats_exec():
    """Set EXCLUDE_BASES when this scipy's rv_generic.__setstate__ reaches
    exec() on a template string that comes from the pickled state."""
    global EXCLUDE_BASES
    try:
        from scipy.stats import _distn_infrastructure as di
        src_set = inspect.getsource(di.rv_generic.__setstate__)
        src_arg = inspect.getsource(di.rv_generic._attach_argparser_methods)
        import scipy.stats as st
        state = st.norm.__getstate__() if hasattr(st.norm, "__getstate__") else st.norm.__dict__
        if ("_attach_methods" in src_set and "exec(" in src_arg
                and "self._parse_arg_template" in src_arg and "_parse_arg_template" in state):
            EXCLUDE_BASES = (di.rv_generic, di.rv_frozen)
    except Exception as e:  # noqa: BLE001
        CAT.missing.append(("scipy.stats exec check", "%s: %s" % (type(e).__name__, e)))
    return bool(EXCLUDE_BASES)


def items_scipy():
    import numpy as np
    import scipy
    from scipy import interpolate, optimize, sparse, spatial
    items = ItemList()
    a = items.add
    dense = np.array([[1.0, 0.0, 2.0, 0.0], [0.0, 0.0, 3.0, 4.0], [0.0, 5.0, 0.0, 0.0],
                      [6.0, 0.0, 0.0, 7.0]])
    for fmt in ("coo", "csr", "csc", "bsr", "dia", "lil", "dok"):
        for kind in ("matrix", "array"):
            cname = "%s_%s" % (fmt, kind)
            if hasattr(sparse, cname):
                a("scipy.sparse:%s" % cname, lambda cname=cname: getattr(sparse, cname)(dense))
    a("scipy.sparse:int/bool", lambda: [sparse.csr_matrix(dense.astype(np.int32)),
                                        sparse.csr_matrix(dense > 0), sparse.eye(3, format="csr"),
                                        sparse.random(5, 5, density=0.3, format="coo", random_state=0)])
    x = np.linspace(0, 3, 8)
    yv = np.sin(x)
    a("scipy.interpolate:interp1d", lambda: [interpolate.interp1d(x, yv),
                                             interpolate.interp1d(x, yv, kind="cubic")])
    a("scipy.interpolate:CubicSpline", lambda: interpolate.CubicSpline(x, yv))
    a("scipy.interpolate:PchipInterpolator", lambda: interpolate.PchipInterpolator(x, yv))
    a("scipy.interpolate:Akima1DInterpolator", lambda: interpolate.Akima1DInterpolator(x, yv))
    a("scipy.interpolate:RegularGridInterpolator", lambda: interpolate.RegularGridInterpolator(
        (x, x), np.outer(yv, yv)))
    a("scipy.interpolate:UnivariateSpline", lambda: interpolate.UnivariateSpline(x, yv))
    a("scipy.interpolate:InterpolatedUnivariateSpline", lambda: interpolate.InterpolatedUnivariateSpline(x, yv))
    a("scipy.interpolate:LSQUnivariateSpline", lambda: interpolate.LSQUnivariateSpline(x, yv, [1.5]))
    a("scipy.interpolate:BSpline", lambda: interpolate.make_interp_spline(x, yv))
    a("scipy.interpolate:splrep", lambda: interpolate.splrep(x, yv))
    a("scipy.interpolate:PPoly/BPoly", lambda: [interpolate.PPoly.from_spline(interpolate.splrep(x, yv)),
                                                interpolate.BPoly.from_derivatives([0, 1], [[1, 2], [3, 4]])])
    a("scipy.interpolate:RectBivariateSpline", lambda: interpolate.RectBivariateSpline(x, x, np.outer(yv, yv)))
    pts = np.random.RandomState(0).rand(12, 2)
    vals = pts.sum(axis=1)
    a("scipy.interpolate:LinearNDInterpolator", lambda: interpolate.LinearNDInterpolator(pts, vals))
    a("scipy.interpolate:NearestNDInterpolator", lambda: interpolate.NearestNDInterpolator(pts, vals))
    a("scipy.interpolate:CloughTocher2DInterpolator", lambda: interpolate.CloughTocher2DInterpolator(pts, vals))
    a("scipy.interpolate:RBFInterpolator", lambda: interpolate.RBFInterpolator(pts, vals))
    a("scipy.interpolate:Rbf", lambda: interpolate.Rbf(pts[:, 0], pts[:, 1], vals))
    a("scipy.interpolate:BarycentricInterpolator", lambda: interpolate.BarycentricInterpolator(x, yv))
    a("scipy.interpolate:KroghInterpolator", lambda: interpolate.KroghInterpolator(x[:4], yv[:4]))
    a("scipy.spatial:KDTree", lambda: spatial.KDTree(pts))
    a("scipy.spatial:cKDTree", lambda: spatial.cKDTree(pts))
    a("scipy.spatial:ConvexHull", lambda: spatial.ConvexHull(pts))
    a("scipy.spatial:Delaunay", lambda: spatial.Delaunay(pts))
    a("scipy.spatial:Voronoi", lambda: spatial.Voronoi(pts))
    a("scipy.spatial.transform:Rotation", lambda: [spatial.transform.Rotation.from_euler("xyz", [0.1, 0.2, 0.3]),
                                                   spatial.transform.Rotation.identity(2)])
    a("scipy.spatial.transform:Slerp", lambda: spatial.transform.Slerp(
        [0, 1], spatial.transform.Rotation.from_rotvec([[0.0, 0.0, 0.0], [0.0, 0.0, 1.0]])))
    a("scipy.spatial.transform:RotationSpline", lambda: spatial.transform.RotationSpline(
        [0, 1, 2], spatial.transform.Rotation.from_rotvec([[0.0, 0.0, 0.0], [0.0, 0.0, 1.0],
                                                           [0.0, 1.0, 0.0]])))
    x0 = np.array([1.3, 0.7, 0.8])
    for method in ("BFGS", "L-BFGS-B", "Nelder-Mead", "Powell", "CG", "TNC", "SLSQP", "trust-constr", "COBYLA"):
        a("scipy.optimize:minimize %s" % method,
          lambda method=method: optimize.minimize(optimize.rosen, x0, method=method,
                                                  jac=optimize.rosen_der if method not in ("Nelder-Mead", "Powell", "COBYLA") else None,
                                                  options={"maxiter": 20}))
    a("scipy.optimize:least_squares", lambda: optimize.least_squares(np.sin, [0.5]))
    a("scipy.optimize:root", lambda: optimize.root(np.sin, [0.5]))
    a("scipy.optimize:minimize_scalar", lambda: optimize.minimize_scalar(np.cos))
    a("scipy.optimize:linprog", lambda: optimize.linprog([1, 1], A_ub=[[-1, -1]], b_ub=[-1]))
    a("scipy.optimize:root_scalar", lambda: optimize.root_scalar(np.sin, bracket=[-1, 1]))
    a("scipy.optimize:differential_evolution", lambda: optimize.differential_evolution(
        optimize.rosen, [(0, 2), (0, 2)], maxiter=2, seed=0, popsize=3, polish=False))
    a("scipy.optimize:Bounds/LinearConstraint", lambda: [optimize.Bounds([0], [1]),
                                                         optimize.LinearConstraint([[1.0]], 0, 1)])
    a("scipy.special:ufuncs", lambda: __import__("scipy.special").special.expit)

    # scipy.stats: frozen distributions go to the EXCLUDE section when their
    # __setstate__ exec()s state-provided text.
    import scipy.stats as st
    frozen = [("norm", lambda: st.norm(0, 1)), ("gamma", lambda: st.gamma(2.0)),
              ("beta", lambda: st.beta(2.0, 3.0)), ("expon", lambda: st.expon()),
              ("uniform", lambda: st.uniform(0, 1)), ("lognorm", lambda: st.lognorm(0.5)),
              ("t", lambda: st.t(3)), ("poisson", lambda: st.poisson(3.0)),
              ("binom", lambda: st.binom(5, 0.3)), ("randint", lambda: st.randint(0, 5)),
              ("rv_discrete", lambda: st.rv_discrete(values=([0, 1], [0.5, 0.5]))),
              ("rv_histogram", lambda: st.rv_histogram(np.histogram([1, 2, 2, 3], bins=3))),
              ("loguniform", lambda: st.loguniform(1e-3, 1.0)),
              ("dist norm", lambda: st.norm), ("dist poisson", lambda: st.poisson)]
    for name, mk in frozen:
        a("scipy.stats:%s" % name, mk)
    a("scipy.stats:multivariate_normal", lambda: st.multivariate_normal([0.0, 0.0]))
    a("scipy.stats:gaussian_kde", lambda: st.gaussian_kde(np.random.RandomState(0).rand(10)))
    a("scipy:version", lambda: scipy.__version__)
    return items


# ---------------------------------------------------------------------------
# scikit-learn
# ---------------------------------------------------------------------------

def sk_data():
    import numpy as np
    rng = np.random.RandomState(0)
    y3 = np.tile([0, 1, 2], 10)
    X = rng.normal(size=(30, 4)) + y3[:, None] * 1.5
    w = np.array([1.0, 2.0, 0.0, -1.0])
    yr = X @ w + rng.normal(scale=0.1, size=30)
    D = dict(X=X, y3=y3, y2=(y3 == 1).astype(int), yr=yr, ypos=np.abs(yr) + 1.0,
             Xpos=np.abs(X), Xint=(np.abs(X) * 2).astype(int),
             Yr2=np.c_[yr, -yr + 1.0], Ybin=np.c_[(y3 == 0), (y3 == 1)].astype(int),
             ysemi=np.where(np.arange(30) % 4 == 0, -1, y3),
             texts=["the cat sat on the mat", "the dog ate my homework", "a cat and a dog",
                    "machine learning models pickle badly"] * 3,
             tlabels=[0, 1, 0, 1] * 3,
             dicts=[{"a": 1.0, "b": 2.0}, {"a": 3.0, "c": 1.0}, {"b": 1.0}],
             imgs=rng.rand(3, 4, 4),
             K=X @ X.T)
    return D


def sk_make(name, cls, D):
    import numpy as np
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

    def LR():
        return LogisticRegression(max_iter=300)

    clf_pair = lambda: [("lr", LR()), ("dt", DecisionTreeClassifier(random_state=0))]  # noqa: E731
    reg_pair = lambda: [("ridge", Ridge()), ("dt", DecisionTreeRegressor(random_state=0))]  # noqa: E731
    grid = {"C": [0.1, 1.0]}
    special = {
        "Pipeline": lambda: cls([("scale", StandardScaler()), ("clf", LR())]),
        "FeatureUnion": lambda: cls([("pca", PCA(n_components=1)), ("scale", StandardScaler())]),
        "ColumnTransformer": lambda: cls([("scale", StandardScaler(), [0, 1]),
                                          ("pca", PCA(n_components=1), [2, 3])]),
        "GridSearchCV": lambda: cls(LR(), grid, cv=3),
        "RandomizedSearchCV": lambda: cls(LR(), grid, n_iter=2, cv=3, random_state=0),
        "HalvingGridSearchCV": lambda: cls(LR(), grid, cv=3, random_state=0, min_resources=10),
        "HalvingRandomSearchCV": lambda: cls(LR(), grid, cv=3, random_state=0, min_resources=10),
        "CalibratedClassifierCV": lambda: cls(LR(), cv=3),
        "StackingClassifier": lambda: cls(clf_pair(), cv=3),
        "StackingRegressor": lambda: cls(reg_pair(), cv=3),
        "VotingClassifier": lambda: cls(clf_pair(), voting="soft"),
        "VotingRegressor": lambda: cls(reg_pair()),
        "MultiOutputClassifier": lambda: cls(LR()),
        "MultiOutputRegressor": lambda: cls(Ridge()),
        "ClassifierChain": lambda: cls(LR()),
        "RegressorChain": lambda: cls(Ridge()),
        "OneVsRestClassifier": lambda: cls(LR()),
        "OneVsOneClassifier": lambda: cls(LR()),
        "OutputCodeClassifier": lambda: cls(LR(), random_state=0),
        "SelectFromModel": lambda: cls(LR()),
        "RFE": lambda: cls(LR(), n_features_to_select=2),
        "RFECV": lambda: cls(LR(), cv=3),
        "SequentialFeatureSelector": lambda: cls(LR(), n_features_to_select=2, cv=3),
        "TransformedTargetRegressor": lambda: cls(regressor=Ridge(), func=np.arcsinh,
                                                  inverse_func=np.sinh),
        "SelfTrainingClassifier": lambda: cls(LR()),
        "SparseCoder": lambda: cls(dictionary=np.eye(4)[:2]),
        "FixedThresholdClassifier": lambda: cls(LR()),
        "TunedThresholdClassifierCV": lambda: cls(LR(), cv=3),
        "FrozenEstimator": lambda: cls(LR().fit(D["X"], D["y3"])),
        "FeatureHasher": lambda: cls(n_features=8, input_type="dict"),
        "GaussianRandomProjection": lambda: cls(n_components=2),
        "SparseRandomProjection": lambda: cls(n_components=2),
        "TSNE": lambda: cls(perplexity=5, n_iter=250) if "n_iter" in inspect.signature(cls).parameters
        and "max_iter" not in inspect.signature(cls).parameters else cls(perplexity=5, max_iter=250),
        "RadiusNeighborsClassifier": lambda: cls(radius=10.0),
        "RadiusNeighborsRegressor": lambda: cls(radius=10.0),
        "RadiusNeighborsTransformer": lambda: cls(radius=10.0),
        "QuantileTransformer": lambda: cls(n_quantiles=10),
        "SpectralBiclustering": lambda: cls(n_clusters=2),
        "SpectralCoclustering": lambda: cls(n_clusters=2),
        "PatchExtractor": lambda: cls(patch_size=(2, 2)),
        "Nystroem": lambda: cls(n_components=10),
        "TruncatedSVD": lambda: cls(n_components=2),
        "MLPClassifier": lambda: cls(max_iter=50),
        "MLPRegressor": lambda: cls(max_iter=50),
        "LatentDirichletAllocation": lambda: cls(n_components=2, max_iter=5),
        "DictionaryLearning": lambda: cls(n_components=2, max_iter=5),
        "MiniBatchDictionaryLearning": lambda: cls(n_components=2, max_iter=5),
        "SparsePCA": lambda: cls(n_components=2, max_iter=5),
        "MiniBatchSparsePCA": lambda: cls(n_components=2, max_iter=5),
        "MDS": lambda: cls(n_init=1, max_iter=20),
        "SelectKBest": lambda: cls(k=2),
    }

    def value(pname):
        if pname in ("estimator", "base_estimator", "regressor", "classifier"):
            return Ridge() if "Regress" in name or pname == "regressor" else LR()
        elif pname == "estimators":
            return reg_pair() if "Regress" in name else clf_pair()
        elif pname in ("param_grid", "param_distributions"):
            return grid
        elif pname == "steps":
            return [("scale", StandardScaler()), ("clf", LR())]
        elif pname == "transformers":
            return [("scale", StandardScaler(), [0, 1])]
        elif pname == "transformer_list":
            return [("scale", StandardScaler())]
        elif pname == "dictionary":
            return np.eye(4)[:2]
        else:
            raise TypeError("%s: no value for required parameter %r" % (name, pname))

    return construct(cls, name, special, value)


def sk_fit_candidates(name, est, D):
    from sklearn.base import is_classifier, is_regressor
    X, Xpos, Xint = D["X"], D["Xpos"], D["Xint"]
    special = {
        "DictVectorizer": [(D["dicts"],)], "FeatureHasher": [(D["dicts"],)],
        "CountVectorizer": [(D["texts"],)], "HashingVectorizer": [(D["texts"],)],
        "TfidfVectorizer": [(D["texts"],)], "TfidfTransformer": [(Xint,)],
        "LabelEncoder": [(D["y3"],)], "LabelBinarizer": [(D["y3"],)],
        "MultiLabelBinarizer": [([[1, 2], [3]],)], "PatchExtractor": [(D["imgs"],)],
        "IsotonicRegression": [(X[:, 0], D["yr"])], "KernelCenterer": [(D["K"],)],
        "SelfTrainingClassifier": [(X, D["ysemi"])],
        "MultiOutputClassifier": [(X, D["Ybin"])], "ClassifierChain": [(X, D["Ybin"])],
        "MultiOutputRegressor": [(X, D["Yr2"])], "RegressorChain": [(X, D["Yr2"])],
        "FixedThresholdClassifier": [(X, D["y2"])], "TunedThresholdClassifierCV": [(X, D["y2"])],
        "CategoricalNB": [(Xint, D["y3"])], "OneHotEncoder": [(Xint,)], "OrdinalEncoder": [(Xint,)],
        "TargetEncoder": [(Xint, D["y3"]), (Xint, D["yr"])],
    }
    if name in special:
        return special[name]
    if is_classifier(est):
        return [(X, D["y3"]), (Xpos, D["y3"]), (Xint, D["y3"]), (X, D["y2"]), (X, D["Ybin"])]
    if is_regressor(est):
        return [(X, D["yr"]), (X, D["ypos"]), (Xpos, D["ypos"]), (X, D["Yr2"])]
    return [(X, D["y3"]), (X,), (Xpos,), (Xpos, D["y3"]), (Xint,), (X, D["yr"]), (X, D["Yr2"])]


def sk_fitted(name, cls, D):
    from sklearn.base import clone
    est0 = sk_make(name, cls, D)
    try:
        if "random_state" in est0.get_params(deep=False):
            est0.set_params(random_state=0)
    except Exception:  # noqa: BLE001
        pass
    last = None
    for args in sk_fit_candidates(name, est0, D):
        try:
            est = clone(est0)
        except Exception:  # noqa: BLE001
            est = est0
        try:
            est.fit(*args)
            return est
        except Timeout:
            raise
        except Exception as e:  # noqa: BLE001
            last = e
    CAT.skip("sklearn", "sklearn.all_estimators:%s" % name, "fit", last)
    return Variant(est0, "(unfitted)")


def items_sklearn():
    import numpy as np
    import sklearn  # noqa: F401
    for exp in ("enable_halving_search_cv", "enable_iterative_imputer", "enable_hist_gradient_boosting"):
        try:
            importlib.import_module("sklearn.experimental." + exp)
        except Exception:  # noqa: BLE001
            pass
    from sklearn.utils import all_estimators
    D = sk_data()
    items = ItemList()
    a = items.add
    kinds = ("pickle", "joblib")
    for name, cls in all_estimators():
        a("sklearn.all_estimators:%s" % name, lambda name=name, cls=cls: sk_fitted(name, cls, D), kinds)

    # richer compositions
    def text_pipe():
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
        from sklearn.naive_bayes import MultinomialNB
        from sklearn.pipeline import make_pipeline
        return make_pipeline(CountVectorizer(), TfidfTransformer(), MultinomialNB()).fit(D["texts"], D["tlabels"])
    a("sklearn.pipeline:text", text_pipe, kinds)

    def df_column_transformer():
        import pandas as pd
        from sklearn.compose import make_column_selector, make_column_transformer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OneHotEncoder, StandardScaler
        df = pd.DataFrame({"num": D["X"][:, 0], "cat": np.array(["a", "b", "c"])[D["y3"]]})
        ct = make_column_transformer((StandardScaler(), make_column_selector(dtype_include=np.number)),
                                     (OneHotEncoder(handle_unknown="ignore"),
                                      make_column_selector(dtype_include=object)))
        return make_pipeline(ct, LogisticRegression()).fit(df, D["y3"])
    a("sklearn.compose:make_column_selector pipeline", df_column_transformer, kinds)

    def pandas_output():
        from sklearn.preprocessing import StandardScaler
        return StandardScaler().set_output(transform="pandas").fit(D["X"])
    a("sklearn:set_output pandas", pandas_output, kinds)

    def func_transformers():
        from sklearn.preprocessing import FunctionTransformer
        return [FunctionTransformer(np.log1p, inverse_func=np.expm1).fit(D["Xpos"]),
                FunctionTransformer(np.sqrt).fit(D["Xpos"])]
    a("sklearn.preprocessing:FunctionTransformer(ufunc)", func_transformers, kinds)

    def hgb_cat():
        from sklearn.ensemble import HistGradientBoostingClassifier
        X = D["X"].copy()
        X[:, 0] = D["Xint"][:, 0] % 3
        return HistGradientBoostingClassifier(categorical_features=[0], max_iter=5, random_state=0).fit(X, D["y3"])
    a("sklearn.ensemble:HistGradientBoosting categorical", hgb_cat, kinds)

    def onehot_str():
        from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
        Xs = np.array([["a", "x"], ["b", "y"], ["a", "y"]], dtype=object)
        return [OneHotEncoder().fit(Xs), OrdinalEncoder().fit(Xs)]
    a("sklearn.preprocessing:encoders on strings", onehot_str, kinds)

    def grid_pipe():
        from sklearn.decomposition import PCA
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import GridSearchCV
        from sklearn.pipeline import Pipeline
        pipe = Pipeline([("pca", PCA()), ("lr", LogisticRegression(max_iter=300))])
        return GridSearchCV(pipe, {"pca__n_components": [1, 2]}, cv=3).fit(D["X"], D["y3"])
    a("sklearn.model_selection:GridSearchCV(Pipeline)", grid_pipe, kinds)

    def randomized_scipy():
        import scipy.stats as st
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import RandomizedSearchCV
        return RandomizedSearchCV(LogisticRegression(max_iter=300), {"C": st.loguniform(1e-2, 1e1)},
                                  n_iter=2, cv=3, random_state=0).fit(D["X"], D["y3"])
    a("sklearn.model_selection:RandomizedSearchCV(scipy.stats)", randomized_scipy, kinds)

    # CV splitters
    import sklearn.model_selection as ms
    split_kw = {"n_groups": 1, "p": 1, "test_fold": [0, 1, -1, 1], "n_splits": 2}
    for n in sorted(dir(ms)):
        cls = getattr(ms, n)
        if not isinstance(cls, type) or n.startswith("_") or inspect.isabstract(cls):
            continue
        if not (n.endswith(("KFold", "Split", "Out", "Splitter")) or "Split" in n or "Fold" in n):
            continue

        def mk(cls=cls):
            try:
                return cls()
            except TypeError:
                kw = {}
                for pname, p in inspect.signature(cls).parameters.items():
                    if p.default is inspect.Parameter.empty and pname in split_kw:
                        kw[pname] = split_kw[pname]
                return cls(**kw)
        a("sklearn.model_selection:%s" % n, mk, kinds)
    a("sklearn.model_selection:check_cv", lambda: [ms.check_cv(3), ms.check_cv(3, D["y3"], classifier=True)], kinds)

    # scorers
    import sklearn.metrics as skm
    if hasattr(skm, "get_scorer_names"):
        names = sorted(skm.get_scorer_names())
    else:
        names = sorted(getattr(skm, "SCORERS", {}).keys())
    for sn in names:
        a("sklearn.metrics.get_scorer:%s" % sn, lambda sn=sn: skm.get_scorer(sn), kinds)
    a("sklearn.metrics:make_scorer", lambda: [skm.make_scorer(skm.fbeta_score, beta=2),
                                              skm.make_scorer(skm.mean_squared_error, greater_is_better=False)],
      kinds)

    # distance metrics and trees
    DM = getattr(skm, "DistanceMetric", None)
    if DM is None:
        from sklearn.neighbors import DistanceMetric as DM
    V = np.eye(4) * 2.0
    try:
        DM.get_metric("euclidean", dtype=np.float32)
        dm_float32 = True
    except TypeError:
        dm_float32 = False
    metrics = [("euclidean", {}), ("manhattan", {}), ("chebyshev", {}), ("minkowski", {"p": 3}),
               ("minkowski_w", {"p": 2, "w": np.ones(4)}), ("seuclidean", {"V": np.ones(4)}),
               ("mahalanobis", {"V": V}), ("hamming", {}), ("canberra", {}), ("braycurtis", {}),
               ("jaccard", {}), ("matching", {}), ("dice", {}), ("kulsinski", {}),
               ("rogerstanimoto", {}), ("russellrao", {}), ("sokalmichener", {}), ("sokalsneath", {}),
               ("haversine", {}), ("wminkowski", {"p": 2, "w": np.ones(4)})]
    for mname, kw in metrics:
        real = "minkowski" if mname == "minkowski_w" else mname
        a("sklearn.metrics.DistanceMetric:%s" % mname, lambda real=real, kw=kw: DM.get_metric(real, **kw), kinds)
        if dm_float32:
            a("sklearn.metrics.DistanceMetric:%s float32" % mname,
              lambda real=real, kw=kw: DM.get_metric(real, dtype=np.float32, **kw), kinds)
    from sklearn.neighbors import BallTree, KDTree
    for tm in ("euclidean", "manhattan", "chebyshev", "minkowski"):
        a("sklearn.neighbors:KDTree %s" % tm, lambda tm=tm: KDTree(D["X"], metric=tm), kinds)
    for tm in ("euclidean", "manhattan", "haversine", "hamming", "mahalanobis"):
        kw = {"V": V} if tm == "mahalanobis" else {}
        Xt = D["X"][:, :2] if tm == "haversine" else D["X"]
        a("sklearn.neighbors:BallTree %s" % tm, lambda tm=tm, kw=kw, Xt=Xt: BallTree(Xt, metric=tm, **kw), kinds)

    # losses and links
    for modname in ("sklearn._loss.loss", "sklearn._loss.link"):
        try:
            mod = importlib.import_module(modname)
        except Exception:  # noqa: BLE001
            continue
        for n in sorted(dir(mod)):
            cls = getattr(mod, n)
            if not isinstance(cls, type) or cls.__module__ != modname or inspect.isabstract(cls) \
                    or n == "BaseLoss":
                continue

            def mk(cls=cls):
                try:
                    return cls()
                except TypeError:
                    for kw in ({"quantile": 0.5}, {"power": 1.5}, {"n_classes": 3}, {"delta": 1.0},
                               {"low": 0.0, "high": 1.0, "low_inclusive": True, "high_inclusive": False}):
                        try:
                            return cls(**kw)
                        except TypeError:
                            pass
                    raise
            a("%s:%s" % (modname, n), mk, kinds)

    # gaussian process kernels
    from sklearn.gaussian_process import kernels as gk
    for n in sorted(dir(gk)):
        cls = getattr(gk, n)
        if not isinstance(cls, type) or not issubclass(cls, gk.Kernel) or inspect.isabstract(cls):
            continue

        def mk(cls=cls):
            try:
                return cls()
            except TypeError:
                if cls is gk.Exponentiation:
                    return cls(gk.RBF(), 2)
                if cls in (gk.Sum, gk.Product):
                    return cls(gk.RBF(), gk.WhiteKernel())
                if cls is gk.CompoundKernel:
                    return cls([gk.RBF(), gk.WhiteKernel()])
                raise
        a("sklearn.gaussian_process.kernels:%s" % n, mk, kinds)
    return items


# ---------------------------------------------------------------------------
# torch
# ---------------------------------------------------------------------------

TORCH_ARGS = dict(in_features=2, out_features=2, in1_features=2, in2_features=2, num_features=2,
                  normalized_shape=2, num_groups=1, num_channels=2, in_channels=2, out_channels=2,
                  kernel_size=2, d_model=4, nhead=1, num_embeddings=4, embedding_dim=2, input_size=2,
                  hidden_size=2, embed_dim=4, num_heads=1, upscale_factor=2, downscale_factor=2,
                  output_size=2, size=2, padding=1, lambd=0.5, threshold=0.1, value=0.0,
                  norm_type=2.0, groups=1, dim=1, unflattened_size=(2, 1), n_classes=4,
                  cutoffs=[2], num_classes=4, alpha=1.0, beta=1.0, output_ratio=0.5, p=0.5, scale_factor=2)


def torch_module(torch, name, cls):
    nn = torch.nn
    special = {
        "Transformer": lambda: cls(d_model=4, nhead=1, num_encoder_layers=1, num_decoder_layers=1,
                                   dim_feedforward=4),
        "TransformerEncoderLayer": lambda: cls(d_model=4, nhead=1, dim_feedforward=4),
        "TransformerDecoderLayer": lambda: cls(d_model=4, nhead=1, dim_feedforward=4),
        "TransformerEncoder": lambda: cls(nn.TransformerEncoderLayer(d_model=4, nhead=1, dim_feedforward=4),
                                          num_layers=1),
        "TransformerDecoder": lambda: cls(nn.TransformerDecoderLayer(d_model=4, nhead=1, dim_feedforward=4),
                                          num_layers=1),
        "AdaptiveLogSoftmaxWithLoss": lambda: cls(in_features=4, n_classes=4, cutoffs=[2]),
        "Sequential": lambda: cls(nn.Linear(2, 2), nn.ReLU()),
        "ModuleList": lambda: cls([nn.Linear(2, 2), nn.Tanh()]),
        "ModuleDict": lambda: cls({"a": nn.Linear(2, 2)}),
        "ParameterList": lambda: cls([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(2, 2))]),
        "ParameterDict": lambda: cls({"a": nn.Parameter(torch.ones(2))}),
        "Fold": lambda: cls(output_size=(4, 4), kernel_size=2),
        "Unflatten": lambda: cls(1, (2, 1)),
        "FractionalMaxPool2d": lambda: cls(kernel_size=2, output_ratio=0.5),
        "FractionalMaxPool3d": lambda: cls(kernel_size=2, output_ratio=0.5),
        "Embedding": lambda: cls(4, 2),
        "EmbeddingBag": lambda: cls(4, 2),
        "Upsample": lambda: cls(scale_factor=2),
        "UpsamplingNearest2d": lambda: cls(scale_factor=2),
        "UpsamplingBilinear2d": lambda: cls(scale_factor=2),
        "RNN": lambda: cls(2, 2), "LSTM": lambda: cls(2, 2), "GRU": lambda: cls(2, 2),
        "RNNBase": lambda: cls("LSTM", 2, 2),
        "RNNCellBase": lambda: cls(2, 2, bias=True, num_chunks=1),
        "Softmax": lambda: cls(dim=-1), "LogSoftmax": lambda: cls(dim=-1), "Softmin": lambda: cls(dim=-1),
    }

    def value(pname):
        if pname not in TORCH_ARGS:
            raise TypeError("%s: no value for required parameter %r" % (name, pname))
        return TORCH_ARGS[pname]

    return construct(cls, name, special, value)


def items_torch():
    import torch
    import torch.nn as nn
    torch.set_num_threads(1)
    items = ItemList()
    a = items.add
    tk = ("pickle", "torch")
    import torch.nn.modules as tnm
    mod_classes = {}
    for src in (tnm, nn):
        for n in dir(src):
            c = getattr(src, n)
            if isinstance(c, type) and issubclass(c, nn.Module) and c.__module__.startswith("torch.nn.modules"):
                mod_classes.setdefault(n, c)
    for n in sorted(mod_classes):
        cls = mod_classes[n]
        if n in ("Module",) or inspect.isabstract(cls):
            continue
        if n.startswith("_"):
            continue
        a("torch.nn:%s" % n, lambda n=n, cls=cls: torch_module(torch, n, cls), tk)
        a("torch.nn:%s.state_dict" % n, lambda n=n, cls=cls: torch_module(torch, n, cls).state_dict(), tk)
    a("torch.nn:Module", lambda: nn.Module(), tk)
    a("torch.nn:Parameter", lambda: nn.Parameter(torch.ones(2, 2)), tk)
    a("torch.nn:Parameter no grad", lambda: nn.Parameter(torch.ones(2), requires_grad=False), tk)
    a("torch.nn:Sequential eval", lambda: nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(),
                                                        nn.Flatten(), nn.Linear(8, 2)).eval(), tk)
    a("torch.nn.utils.rnn:PackedSequence", lambda: nn.utils.rnn.pack_padded_sequence(
        torch.ones(3, 2, 2), [3, 2]), tk)

    def parametrized(fn_name):
        from torch.nn.utils import parametrizations
        return getattr(parametrizations, fn_name)(nn.Linear(2, 2))
    for fn_name in ("weight_norm", "spectral_norm", "orthogonal"):
        a("torch.nn.utils.parametrizations:%s" % fn_name, lambda fn_name=fn_name: parametrized(fn_name), tk)
        a("torch.nn.utils.parametrizations:%s.state_dict" % fn_name,
          lambda fn_name=fn_name: parametrized(fn_name).state_dict(), tk)
    for fn_name in ("weight_norm", "spectral_norm"):
        a("torch.nn.utils:%s (hook)" % fn_name, lambda fn_name=fn_name: getattr(nn.utils, fn_name)(nn.Linear(2, 2)), tk)
        a("torch.nn.utils:%s (hook).state_dict" % fn_name,
          lambda fn_name=fn_name: getattr(nn.utils, fn_name)(nn.Linear(2, 2)).state_dict(), tk)

    # optimizers
    import torch.optim as optim

    def closure_for(model, opt):
        x = torch.ones(3, 2)

        def closure():
            opt.zero_grad()
            out = model(x)
            loss = out.sum() if out.dim() else out
            loss.backward()
            return loss
        return closure

    def make_opt(cls):
        torch.manual_seed(0)
        if cls.__name__ == "SparseAdam":
            model = nn.Embedding(4, 2, sparse=True)
            opt = cls(model.parameters(), lr=0.01)
            x = torch.tensor([0, 1])

            def closure():
                opt.zero_grad()
                loss = model(x).sum()
                loss.backward()
                return loss
            opt.step(closure)
            return opt
        model = nn.Linear(2, 2)
        last = None
        for params in (lambda: model.parameters(), lambda: [model.weight]):
            for kw in ({"lr": 0.01}, {}):
                try:
                    opt = cls(params(), **kw)
                except Exception as e:  # noqa: BLE001
                    last = e
                    continue
                opt.step(closure_for(model, opt))
                return opt
        raise last
    opt_classes = sorted({getattr(optim, n) for n in dir(optim)
                          if isinstance(getattr(optim, n), type) and issubclass(getattr(optim, n), optim.Optimizer)
                          and getattr(optim, n) is not optim.Optimizer}, key=lambda c: c.__name__)
    for cls in opt_classes:
        a("torch.optim:%s" % cls.__name__, lambda cls=cls: make_opt(cls), tk)
        a("torch.optim:%s.state_dict" % cls.__name__, lambda cls=cls: make_opt(cls).state_dict(), tk)

    # lr schedulers
    from torch.optim import lr_scheduler as lrs
    base = getattr(lrs, "LRScheduler", getattr(lrs, "_LRScheduler", None))

    def make_sched(cls):
        model = nn.Linear(2, 2)
        opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        sk = dict(step_size=1, milestones=[1], gamma=0.9, T_max=2, T_0=2, base_lr=0.001, max_lr=0.1,
                  total_steps=10, lr_lambda=lambda e: 0.9 ** e, total_iters=2)
        n = cls.__name__
        if n in ("SequentialLR",):
            s = cls(opt, schedulers=[lrs.StepLR(opt, 1), lrs.ExponentialLR(opt, 0.9)], milestones=[1])
        elif n == "OneCycleLR":
            s = cls(opt, max_lr=0.1, total_steps=10)
        elif n == "ChainedScheduler":
            try:
                s = cls([lrs.StepLR(opt, 1), lrs.ExponentialLR(opt, 0.9)], optimizer=opt)
            except TypeError:
                s = cls([lrs.StepLR(opt, 1), lrs.ExponentialLR(opt, 0.9)])
        else:
            kw = {}
            for pname, p in list(inspect.signature(cls).parameters.items())[1:]:
                if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                    kw[pname] = sk[pname]
            s = cls(opt, **kw)
        opt.step()
        if n == "ReduceLROnPlateau":
            s.step(1.0)
        else:
            s.step()
        return s
    sched = sorted({getattr(lrs, n) for n in dir(lrs)
                    if isinstance(getattr(lrs, n), type) and not n.startswith("_")
                    and ((base is not None and issubclass(getattr(lrs, n), base))
                         or getattr(lrs, n).__name__ == "ReduceLROnPlateau")
                    and getattr(lrs, n) is not base}, key=lambda c: c.__name__)
    for cls in sched:
        a("torch.optim.lr_scheduler:%s" % cls.__name__, lambda cls=cls: make_sched(cls), tk)
        a("torch.optim.lr_scheduler:%s.state_dict" % cls.__name__, lambda cls=cls: make_sched(cls).state_dict(), tk)

    def swa(what):
        from torch.optim import swa_utils
        model = nn.Linear(2, 2)
        opt = optim.SGD(model.parameters(), lr=0.01)
        if what.startswith("SWALR"):
            s = swa_utils.SWALR(opt, swa_lr=0.05)
            opt.step()
            s.step()
            return s.state_dict() if what.endswith("state_dict") else s
        avg = swa_utils.AveragedModel(model)
        avg.update_parameters(model)
        return avg.state_dict() if what.endswith("state_dict") else avg
    for what in ("AveragedModel", "AveragedModel.state_dict", "SWALR", "SWALR.state_dict"):
        a("torch.optim.swa_utils:%s" % what, lambda what=what: swa(what), tk)

    # tensors of every dtype
    dtypes = sorted({v for v in vars(torch).values() if isinstance(v, torch.dtype)}, key=str)
    for dt in dtypes:
        def mk(dt=dt):
            if dt.is_floating_point or dt.is_complex or dt == torch.bool or not str(dt).startswith("torch.q"):
                try:
                    return torch.zeros(3, dtype=dt)
                except Exception:  # noqa: BLE001
                    return torch.empty(3, dtype=dt)
            return torch.quantize_per_tensor(torch.zeros(3), 0.1, 0, dt)
        a("torch.tensor:%s" % str(dt).replace("torch.", ""), mk, tk)
    a("torch.tensor:quantized per_channel", lambda: torch.quantize_per_channel(
        torch.zeros(2, 2), torch.tensor([0.1, 0.2]), torch.tensor([0, 0]), 0, torch.qint8), tk)
    a("torch.tensor:requires_grad", lambda: torch.ones(2, requires_grad=True), tk)
    a("torch.tensor:views sharing storage", lambda: (lambda t: {"base": t, "view": t[::2], "t": t.t()})(
        torch.arange(6.0).reshape(2, 3)), tk)
    a("torch.tensor:channels_last", lambda: torch.ones(1, 2, 2, 2).to(memory_format=torch.channels_last), tk)
    a("torch.tensor:sparse_coo", lambda: torch.eye(3).to_sparse(), tk)
    for lay in ("csr", "csc", "bsr", "bsc"):
        def sp(lay=lay):
            t = torch.eye(4)
            if lay in ("bsr", "bsc"):
                return getattr(t, "to_sparse_" + lay)((2, 2))
            return getattr(t, "to_sparse_" + lay)()
        a("torch.tensor:sparse_%s" % lay, sp, tk)
    a("torch.tensor:meta", lambda: torch.empty(2, 3, device="meta"), tk)
    a("torch.tensor:nested", lambda: torch.nested.nested_tensor([torch.ones(2), torch.ones(3)]), tk)
    a("torch.tensor:complex view_as_real", lambda: torch.view_as_real(torch.ones(2, dtype=torch.complex64)), tk)
    a("torch:get_rng_state", lambda: torch.get_rng_state(), tk)
    a("torch:Generator.get_state", lambda: torch.Generator().manual_seed(0).get_state(), tk)
    a("torch:Generator", lambda: torch.Generator().manual_seed(0), tk)
    a("torch:Size", lambda: torch.Size([2, 3]), tk)
    a("torch:device", lambda: [torch.device("cpu"), torch.device("cuda", 0), torch.device("meta")], tk)
    a("torch:__version__", lambda: torch.__version__, tk)
    a("torch:dtypes", lambda: dtypes, tk)
    for n in ("strided", "sparse_coo", "sparse_csr", "_mkldnn", "contiguous_format", "channels_last",
              "channels_last_3d", "preserve_format", "per_tensor_affine", "per_channel_affine",
              "per_tensor_symmetric", "per_channel_symmetric", "per_channel_affine_float_qparams"):
        if hasattr(torch, n):
            a("torch:%s" % n, lambda n=n: getattr(torch, n), tk)
    a("torch:finfo/iinfo", lambda: [torch.finfo(torch.float32), torch.iinfo(torch.int32)], tk)
    a("torch.utils.data:TensorDataset", lambda: torch.utils.data.TensorDataset(torch.ones(2, 2)), tk)

    def dists():
        from torch import distributions as D
        return [D.Normal(0.0, 1.0), D.Categorical(probs=torch.tensor([0.5, 0.5])), D.Bernoulli(0.3),
                D.Uniform(0.0, 1.0)]
    a("torch.distributions:basic", dists, tk)

    def checkpoint():
        model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
        opt = optim.Adam(model.parameters(), lr=0.01)
        x = torch.ones(3, 2)
        model(x).sum().backward()
        opt.step()
        return {"epoch": 1, "model_state_dict": model.state_dict(), "optimizer_state_dict": opt.state_dict(),
                "loss": 0.5, "rng": torch.get_rng_state()}
    a("torch:training checkpoint", checkpoint, tk)

    def grad_scaler():
        amp = getattr(torch, "amp", None)
        cls = getattr(amp, "GradScaler", None) if amp is not None else None
        if cls is None:
            from torch.cuda.amp import GradScaler as cls
            s = cls(enabled=False)
        else:
            s = cls("cpu")
        return s.state_dict()
    a("torch.amp:GradScaler.state_dict", grad_scaler, tk)
    return items


# ---------------------------------------------------------------------------
# xgboost
# ---------------------------------------------------------------------------

def items_xgboost():
    import numpy as np
    import xgboost as xgb
    D = sk_data()
    items = ItemList()
    a = items.add
    kinds = ("pickle", "joblib")
    common = dict(n_estimators=2, max_depth=2, random_state=0, n_jobs=1)
    a("xgboost:XGBClassifier", lambda: xgb.XGBClassifier(**common).fit(D["X"], D["y3"]), kinds)
    a("xgboost:XGBClassifier binary", lambda: xgb.XGBClassifier(**common).fit(D["X"], D["y2"]), kinds)
    a("xgboost:XGBRegressor", lambda: xgb.XGBRegressor(**common).fit(D["X"], D["yr"]), kinds)
    a("xgboost:XGBRanker", lambda: xgb.XGBRanker(**common).fit(D["X"], D["y3"], qid=np.repeat([0, 1, 2], 10)),
      kinds)
    a("xgboost:XGBRFClassifier", lambda: xgb.XGBRFClassifier(**common).fit(D["X"], D["y3"]), kinds)
    a("xgboost:XGBRFRegressor", lambda: xgb.XGBRFRegressor(**common).fit(D["X"], D["yr"]), kinds)
    a("xgboost:XGBClassifier unfitted", lambda: xgb.XGBClassifier(**common), kinds)
    a("xgboost:Booster", lambda: xgb.XGBRegressor(**common).fit(D["X"], D["yr"]).get_booster(), kinds)
    a("xgboost:train Booster", lambda: xgb.train({"max_depth": 2, "nthread": 1, "seed": 0},
                                                 xgb.DMatrix(D["X"], label=D["yr"]), num_boost_round=2), kinds)
    a("xgboost:DMatrix", lambda: xgb.DMatrix(D["X"], label=D["yr"]), kinds)
    return items


# ---------------------------------------------------------------------------
# libraries beside them
# ---------------------------------------------------------------------------

def items_gensim():
    from gensim.corpora import Dictionary
    from gensim.models import Word2Vec
    sents = [["the", "cat", "sat"], ["the", "dog", "ran"], ["a", "cat", "and", "a", "dog"]]
    items = ItemList()
    a = items.add

    def w2v():
        return Word2Vec(sents, vector_size=4, min_count=1, epochs=1, workers=1, seed=0)
    a("gensim:Word2Vec", w2v)
    a("gensim:KeyedVectors", lambda: w2v().wv)
    a("gensim:Dictionary", lambda: Dictionary(sents))

    def others():
        from gensim.models import TfidfModel
        d = Dictionary(sents)
        return TfidfModel([d.doc2bow(s) for s in sents])
    a("gensim:TfidfModel", others)
    return items


def items_networkx():
    import networkx as nx
    items = ItemList()
    a = items.add
    for n in ("Graph", "DiGraph", "MultiGraph", "MultiDiGraph"):
        def g(n=n):
            G = getattr(nx, n)(name="g")
            G.add_edge(1, 2, weight=0.5)
            G.add_node("a", color="red")
            return G
        a("networkx:%s" % n, g)
    a("networkx:generators", lambda: [nx.path_graph(3), nx.karate_club_graph()])
    return items


def items_statsmodels():
    import numpy as np
    import statsmodels.api as sm
    D = sk_data()
    items = ItemList()
    a = items.add
    Xc = sm.add_constant(D["X"][:, :2])

    def rd(res):
        res.remove_data()
        return res
    a("statsmodels:OLS", lambda: rd(sm.OLS(D["yr"], Xc).fit()))
    a("statsmodels:OLS (with data)", lambda: sm.OLS(D["yr"], Xc).fit())
    a("statsmodels:WLS", lambda: rd(sm.WLS(D["yr"], Xc).fit()))
    a("statsmodels:Logit", lambda: rd(sm.Logit(D["y2"], Xc).fit(disp=0)))
    a("statsmodels:GLM", lambda: rd(sm.GLM(D["ypos"], Xc, family=sm.families.Gamma()).fit()))

    def arima(keep_data=False):
        from statsmodels.tsa.arima.model import ARIMA
        y = np.sin(np.arange(40) / 3.0) + np.random.RandomState(0).normal(scale=0.1, size=40)
        res = ARIMA(y, order=(1, 0, 0)).fit()
        return res if keep_data else rd(res)
    a("statsmodels:ARIMA", arima)
    # What results.save() writes by default (remove_data=False): the state
    # space model keeps its Cython filter, smoother and initialization objects.
    a("statsmodels:ARIMA (with data)", lambda: arima(keep_data=True))
    return items


def items_skorch():
    import numpy as np
    import torch
    import torch.nn as nn
    from skorch import NeuralNetClassifier, NeuralNetRegressor
    D = sk_data()
    items = ItemList()
    a = items.add
    kinds = ("pickle", "joblib", "torch")

    def clf():
        torch.manual_seed(0)
        net = NeuralNetClassifier(nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=-1)), max_epochs=1,
                                  train_split=None, verbose=0, lr=0.1)
        return net.fit(D["X"].astype(np.float32), D["y3"].astype(np.int64))
    a("skorch:NeuralNetClassifier", clf, kinds)

    def reg():
        torch.manual_seed(0)
        net = NeuralNetRegressor(nn.Linear(4, 1), max_epochs=1, train_split=None, verbose=0, lr=0.01)
        return net.fit(D["X"].astype(np.float32), D["yr"].astype(np.float32).reshape(-1, 1))
    a("skorch:NeuralNetRegressor", reg, kinds)
    return items


def items_geo():
    items = ItemList()
    a = items.add
    from shapely import geometry as g
    geoms = collections.OrderedDict([
        ("Point", lambda: g.Point(0, 1)), ("Point3D", lambda: g.Point(0, 1, 2)),
        ("LineString", lambda: g.LineString([(0, 0), (1, 1)])),
        ("LinearRing", lambda: g.LinearRing([(0, 0), (1, 0), (1, 1)])),
        ("Polygon", lambda: g.Polygon([(0, 0), (1, 0), (1, 1)], [[(0.1, 0.05), (0.2, 0.05), (0.2, 0.1)]])),
        ("MultiPoint", lambda: g.MultiPoint([(0, 0), (1, 1)])),
        ("MultiLineString", lambda: g.MultiLineString([[(0, 0), (1, 1)], [(2, 2), (3, 3)]])),
        ("MultiPolygon", lambda: g.MultiPolygon([g.Polygon([(0, 0), (1, 0), (1, 1)])])),
        ("GeometryCollection", lambda: g.GeometryCollection([g.Point(0, 0), g.LineString([(0, 0), (1, 1)])])),
        ("empty Point", lambda: g.Point()), ("box", lambda: g.box(0, 0, 1, 1)),
    ])
    for n, mk in geoms.items():
        a("shapely:%s" % n, mk)
    try:
        import geopandas as gpd
    except ImportError as e:
        CAT.missing.append(("geopandas", str(e)))
        return items

    def gdf(crs):
        return gpd.GeoDataFrame({"v": [1, 2]}, geometry=[g.Point(0, 0), g.Point(1, 1)], crs=crs)
    a("geopandas:GeoDataFrame", lambda: gdf(None))
    a("geopandas:GeoDataFrame EPSG:4326", lambda: gdf("EPSG:4326"))
    a("geopandas:GeoSeries", lambda: gpd.GeoSeries([g.Point(0, 0), g.Polygon([(0, 0), (1, 0), (1, 1)])]))
    a("geopandas:GeoSeries EPSG:3857", lambda: gpd.GeoSeries([g.Point(0, 0)], crs="EPSG:3857"))
    return items


def items_dateutil():
    import datetime as dt
    from dateutil import relativedelta as rdm
    from dateutil import rrule, tz
    items = ItemList()
    a = items.add
    a("dateutil.tz:tzutc", lambda: tz.tzutc())
    a("dateutil.tz:tzoffset", lambda: tz.tzoffset("X", 3600))
    a("dateutil.tz:tzlocal", lambda: tz.tzlocal())
    a("dateutil.tz:gettz", lambda: tz.gettz("Europe/Paris"))
    a("dateutil.tz:tzstr", lambda: tz.tzstr("EST5EDT"))
    a("dateutil.tz:datetime", lambda: dt.datetime(2024, 1, 1, tzinfo=tz.gettz("Europe/Paris")))
    a("dateutil:relativedelta", lambda: rdm.relativedelta(months=1, weekday=rdm.MO(1)))
    a("dateutil:rrule", lambda: rrule.rrule(rrule.DAILY, count=3, dtstart=dt.datetime(2024, 1, 1)))
    a("dateutil:rruleset", lambda: (lambda s: (s.rrule(rrule.rrule(rrule.WEEKLY, count=2,
                                                                   dtstart=dt.datetime(2024, 1, 1))), s)[1])(
        rrule.rruleset()))
    a("dateutil:weekday", lambda: [rrule.MO, rrule.FR(2)])
    return items


def items_pytz():
    import datetime as dt
    import pytz
    items = ItemList()
    a = items.add
    a("pytz:utc", lambda: pytz.utc)
    a("pytz:timezone", lambda: [pytz.timezone("Europe/Paris"), pytz.timezone("America/New_York"),
                                pytz.timezone("UTC")])
    a("pytz:FixedOffset", lambda: pytz.FixedOffset(90))
    a("pytz:localized datetime", lambda: pytz.timezone("Europe/Paris").localize(dt.datetime(2024, 1, 1)))
    return items


def items_transformers():
    import torch
    import transformers as tf
    items = ItemList()
    a = items.add
    tk = ("pickle", "torch")
    tmp = tempfile.mkdtemp(prefix="catalogue-tf-")
    TMPDIRS.append(tmp)

    def targs():
        kw = dict(output_dir=os.path.join(tmp, "out"), report_to=[], seed=0)
        try:
            return tf.TrainingArguments(**kw)
        except TypeError:
            kw.pop("report_to")
            return tf.TrainingArguments(**kw)
    a("transformers:TrainingArguments", targs, tk)
    a("transformers:Seq2SeqTrainingArguments", lambda: tf.Seq2SeqTrainingArguments(
        output_dir=os.path.join(tmp, "out"), report_to=[]), tk)

    def bert_cfg():
        return tf.BertConfig(vocab_size=32, hidden_size=8, num_hidden_layers=1, num_attention_heads=2,
                             intermediate_size=8, max_position_embeddings=16)

    def gpt2_cfg():
        return tf.GPT2Config(vocab_size=32, n_embd=8, n_layer=1, n_head=2, n_positions=16)
    a("transformers:BertConfig", bert_cfg, tk)
    a("transformers:GPT2Config", gpt2_cfg, tk)
    a("transformers:GenerationConfig", lambda: tf.GenerationConfig(max_new_tokens=4), tk)
    for mname, cfg in (("BertModel", bert_cfg), ("BertForSequenceClassification", bert_cfg),
                       ("GPT2LMHeadModel", gpt2_cfg)):
        def model(mname=mname, cfg=cfg):
            torch.manual_seed(0)
            return getattr(tf, mname)(cfg())
        a("transformers:%s" % mname, model, tk)
        a("transformers:%s.state_dict" % mname, lambda model=model: model().state_dict(), tk)

    def trainer_like():
        """What Trainer writes besides the model: optimizer.pt, scheduler.pt, rng_state.pth."""
        import numpy as np
        torch.manual_seed(0)
        m = tf.BertModel(bert_cfg())
        opt = torch.optim.AdamW(m.parameters(), lr=1e-3)
        sched = tf.get_linear_schedule_with_warmup(opt, 1, 10)
        return {"optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
                "rng_state": {"python": random.getstate(), "numpy": np.random.get_state(),
                              "cpu": torch.random.get_rng_state()}}
    a("transformers:Trainer checkpoint files", trainer_like, tk)

    def enums():
        from transformers.trainer_utils import IntervalStrategy, SchedulerType
        from transformers.training_args import OptimizerNames
        return [IntervalStrategy.STEPS, SchedulerType.LINEAR, OptimizerNames.ADAMW_TORCH]
    a("transformers:enums", enums, tk)

    def tok_fast():
        return tf.PreTrainedTokenizerFast(tokenizer_object=make_tokenizer(), unk_token="[UNK]")
    a("transformers:PreTrainedTokenizerFast", tok_fast, tk)
    a("transformers:BatchEncoding", lambda: tok_fast()(["the cat"]), tk)

    def bert_tok():
        vocab = os.path.join(tmp, "vocab.txt")
        with open(vocab, "w") as fh:
            fh.write("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat"]) + "\n")
        return tf.BertTokenizer(vocab)
    a("transformers:BertTokenizer", bert_tok, tk)
    return items


def make_tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers
    vocab = {"[UNK]": 0, "the": 1, "cat": 2, "sat": 3}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    return tok


def items_tokenizers():
    from tokenizers import decoders, models, normalizers, pre_tokenizers, processors
    items = ItemList()
    a = items.add
    a("tokenizers:Tokenizer(WordLevel)", make_tokenizer)
    a("tokenizers:models", lambda: [models.WordLevel({"[UNK]": 0, "a": 1}, unk_token="[UNK]"),
                                    models.BPE({"a": 0, "b": 1, "ab": 2}, [("a", "b")]),
                                    models.WordPiece({"[UNK]": 0, "a": 1}, unk_token="[UNK]"),
                                    models.Unigram([("a", -1.0), ("b", -2.0)], 0, False)])
    a("tokenizers:normalizers", lambda: [normalizers.Lowercase(), normalizers.NFD(),
                                         normalizers.Sequence([normalizers.NFD(), normalizers.StripAccents()])])
    a("tokenizers:pre_tokenizers", lambda: [pre_tokenizers.Whitespace(), pre_tokenizers.ByteLevel(),
                                            pre_tokenizers.Sequence([pre_tokenizers.Whitespace()])])
    a("tokenizers:decoders", lambda: [decoders.ByteLevel(), decoders.WordPiece()])
    a("tokenizers:processors", lambda: [processors.TemplateProcessing(
        single="[CLS] $A", special_tokens=[("[CLS]", 1)]), processors.ByteLevel()])
    a("tokenizers:Encoding", lambda: make_tokenizer().encode("the cat"))
    return items


def items_accelerate():
    import accelerate
    import accelerate.utils as au
    items = ItemList()
    a = items.add
    tk = ("pickle", "torch")
    for n in ("DataLoaderConfiguration", "ProjectConfiguration", "GradientAccumulationPlugin",
              "DistributedDataParallelKwargs", "GradScalerKwargs", "InitProcessGroupKwargs",
              "AutocastKwargs", "FullyShardedDataParallelPlugin", "DeepSpeedPlugin", "DynamoBackend",
              "TorchDynamoPlugin", "ProfileKwargs"):
        cls = getattr(au, n, None)
        if cls is None:
            continue
        if isinstance(cls, type) and issubclass(cls, __import__("enum").Enum):
            a("accelerate.utils:%s" % n, lambda cls=cls: list(cls), tk)
        else:
            a("accelerate.utils:%s" % n, lambda cls=cls: cls(), tk)
    for n in ("DistributedType", "PrecisionType", "RNGType", "ComputeEnvironment", "SageMakerDistributedType"):
        cls = getattr(au, n, None)
        if cls is not None:
            a("accelerate.utils:%s" % n, lambda cls=cls: list(cls), tk)
    a("accelerate:PartialState", lambda: accelerate.PartialState(cpu=True), tk)

    def save_state_like():
        """accelerate.Accelerator.save_state's random_states_0.pkl content."""
        import numpy as np
        import torch
        return {"step": 0, "random_state": random.getstate(), "numpy_random_seed": np.random.get_state(),
                "torch_manual_seed": torch.get_rng_state()}
    a("accelerate:random_states", save_state_like, tk)
    return items


TMPDIRS = []

BUILDERS = [
    ("stdlib", items_stdlib, ()),
    ("numpy", items_numpy, ("numpy",)),
    ("pandas", items_pandas, ("pandas",)),
    ("scipy", items_scipy, ("scipy",)),
    ("sklearn", items_sklearn, ("sklearn", "joblib")),
    ("torch", items_torch, ("torch",)),
    ("xgboost", items_xgboost, ("xgboost", "sklearn", "joblib")),
    ("gensim", items_gensim, ("gensim",)),
    ("networkx", items_networkx, ("networkx",)),
    ("statsmodels", items_statsmodels, ("statsmodels",)),
    ("skorch", items_skorch, ("skorch", "torch")),
    ("shapely", items_geo, ("shapely",)),
    ("dateutil", items_dateutil, ("dateutil",)),
    ("pytz", items_pytz, ("pytz",)),
    ("transformers", items_transformers, ("transformers", "tokenizers", "torch")),
    ("tokenizers", items_tokenizers, ("tokenizers",)),
    ("accelerate", items_accelerate, ("accelerate", "torch")),
]


# ---------------------------------------------------------------------------
# review and output
# ---------------------------------------------------------------------------

REVIEW_MODULES = {
    "os", "posix", "nt", "subprocess", "socket", "sys", "importlib", "runpy", "code", "codeop",
    "pty", "ctypes", "marshal", "pickle", "_pickle", "shutil", "webbrowser", "urllib", "http",
    "shelve", "dill", "cloudpickle", "multiprocessing", "asyncio", "threading", "_thread",
    "signal", "tempfile", "io", "_io", "glob", "requests", "pydoc", "timeit", "platform",
    "operator", "_operator", "functools", "_functools", "types", "inspect", "ast", "torch.storage",
    "torch.serialization", "torch.hub", "torch.jit", "numpy.testing", "joblib.numpy_pickle_compat",
}
REVIEW_BUILTINS = {
    "eval", "exec", "compile", "__import__", "getattr", "setattr", "delattr", "open", "input",
    "breakpoint", "globals", "locals", "vars", "help", "exit", "quit", "memoryview", "super",
    "classmethod", "staticmethod", "property", "type", "object",
}
REVIEW_NAMES = {"load", "loads", "_load", "load_state_dict", "eval", "exec", "system", "popen", "getattr",
                "import_module", "__import__", "memmap", "partial", "partialmethod", "compile", "_compile",
                "spawn", "run", "call", "check_output", "open", "methodcaller", "attrgetter",
                "itemgetter", "_load_from_bytes", "reduce", "apply"}


def needs_review(module, qualname):
    top = module.split(".")[0]
    if module in REVIEW_MODULES or top in REVIEW_MODULES:
        return True
    if module == "builtins" and qualname in REVIEW_BUILTINS:
        return True
    if module.startswith("torch.") and module.split(".")[1] in ("storage", "serialization", "hub", "jit"):
        return True
    parts = qualname.split(".")
    # names reached through a module attribute (e.g. torch._utils / torch.channels_last)
    obj = sys.modules.get(module)
    for part in parts[:-1]:
        obj = getattr(obj, part, None)
        if isinstance(obj, type(sys)):
            return True
    if isinstance(getattr(obj, parts[-1], None), type(sys)):
        return True
    return parts[-1].lower() in REVIEW_NAMES


def clean(s):
    return str(s).replace("\t", " ").replace("\n", " ")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="TSV file to write")
    ap.add_argument("--only", default=None, help="comma-separated builder names (debugging)")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    t0 = time.time()
    only = set(args.only.split(",")) if args.only else None
    try:
        import scipy.stats  # noqa: F401
        check_scipy_stats_exec()
    except ImportError:
        pass
    timings = []
    try:
        for library, builder, needs in BUILDERS:
            if only and library not in only:
                continue
            missing = []
            for m in needs:
                try:
                    importlib.import_module(m)
                except Exception as e:  # noqa: BLE001
                    missing.append("%s (%s: %s)" % (m, type(e).__name__, str(e).splitlines()[0][:80] if str(e) else ""))
            if missing:
                CAT.missing.append((library, "not installed: " + ", ".join(missing)))
                continue
            t1 = time.time()
            seed_all()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    items = builder()
            except Exception as e:  # noqa: BLE001
                CAT.skip(library, library + ":<builder>", "construct", e)
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                run_items(library, items)
            timings.append((library, len(items), time.time() - t1))
            print("[catalogue] %-12s %4d objects %6.1fs, %d rows so far" %
                  (library, len(items), time.time() - t1, len(CAT.rows)), file=sys.stderr, flush=True)
    finally:
        for d in TMPDIRS:
            shutil.rmtree(d, ignore_errors=True)

    # anything trusted elsewhere that must be excluded is excluded
    for g in list(CAT.rows):
        if g in CAT.exclude:
            del CAT.rows[g]
    lines = []
    for (mod, qn), (lib, how) in sorted(CAT.rows.items()):
        lines.append("%s\t%s\t%s\t%s\n" % (clean(mod), clean(qn), clean(lib), clean(how)))
    for (mod, qn), (lib, how, _src) in sorted(CAT.exclude.items()):
        lines.append("%s\t%s\t%s\t%s\n" % (clean(mod), clean(qn), lib, how))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(lines)

    # summary
    err = sys.stderr
    print("\n== catalogue summary (python %s)" % sys.version.split()[0], file=err)
    print("objects %d, serializations %d, rows %d, EXCLUDE rows %d, %.1fs" %
          (CAT.objects, CAT.serializations, len(CAT.rows), len(CAT.exclude), time.time() - t0), file=err)
    by_lib = collections.Counter(lib for lib, _ in CAT.rows.values())
    print("rows by library: " + ", ".join("%s=%d" % kv for kv in sorted(by_lib.items())), file=err)
    by_top = collections.Counter(m.split(".")[0] for m, _ in CAT.rows)
    print("rows by top-level module: " + ", ".join("%s=%d" % kv for kv in sorted(by_top.items())), file=err)
    for lib, why in CAT.missing:
        print("missing %s: %s" % (lib, why), file=err)
    failed_objects = sorted({(lib, label) for lib, label, stage, _ in CAT.skipped
                             if stage in ("construct", "fit", "timeout")})
    print("skipped: %d objects with any failure; %d failed to construct/fit, %d serialization failures "
          "(%d entries)" % (len({(s[0], s[1]) for s in CAT.skipped}), len(failed_objects),
                            sum(1 for s in CAT.skipped if s[2] not in ("construct", "fit", "timeout")),
                            len(CAT.skipped)), file=err)
    by_stage = collections.Counter((s[0], s[2].split()[0]) for s in CAT.skipped)
    print("skipped by library/stage: " + ", ".join("%s/%s=%d" % (k[0], k[1], v)
                                                    for k, v in sorted(by_stage.items())), file=err)
    for lib, label, stage, msg in CAT.skipped:
        print("  SKIP %s\t%s\t%s\t%s" % (lib, label, stage, msg), file=err)
    if CAT.main_refs:
        print("__main__ references dropped: %s" % sorted(CAT.main_refs), file=err)
    print("review (risky module or suspicious name):", file=err)
    for (mod, qn), (lib, how) in sorted(CAT.rows.items()):
        if needs_review(mod, qn):
            print("  REVIEW %s %s\t%s\t%s" % (mod, qn, lib, "; ".join(CAT.review_src.get((mod, qn), [how]))),
                  file=err)
    for (mod, qn), (lib, how, src) in sorted(CAT.exclude.items()):
        print("  EXCLUDE %s %s\t(first from %s)" % (mod, qn, src), file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
