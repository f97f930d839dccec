#!/usr/bin/python3
"""Write benign pickle artifacts made by one Debian generation's real libraries.

    /usr/bin/python3 scripts/gen_generation_fixtures.py --out tests/fixtures/generations/SUITE

Run it with each suite's own /usr/bin/python3: bookworm on the host, trixie
and sid inside the chroots of scripts/chroot/ (see docs/generations.md):

    scripts/chroot/run_in_chroot.sh sid /usr/bin/python3 \\
        scripts/gen_generation_fixtures.py --out tests/fixtures/generations/sid

Every artifact is small, deterministic where the library allows it (fixed
seeds, no timestamps) and benign: these are the "twins" of the call-semantics
rules, i.e. what real numpy/torch/sklearn/pandas/... write for ordinary data.

Besides the artifacts, OUT gets:

  MANIFEST     filename<TAB>loader<TAB>description   (loader: pickle, torch,
               joblib, numpy or pandas), one line per artifact.
  GLOBALS.tsv  filename<TAB>module<TAB>name<TAB>stream, every global the
               unpickler asks for (first occurrence per file and stream, in
               call order), as written in the stream (protocol < 3 names are
               NOT mapped through _compat_pickle, so '__builtin__'/'copy_reg'
               appear as written). Persistent ids are rows with module
               '(persistent_id)' and name = the pid's tag (e.g. 'storage@cpu').
               stream says where the pickle was found:
                 pickle                      the file itself
                 zip:MEMBER                  a .pkl member of a torch zip
                 legacy#N                    N-th pickle of a legacy torch file
                 npy                         the pickle after an .npy header
                 joblib                      joblib's (decompressed) main stream
                 joblib-object-array         an object array's nested pickle
                 nested(MOD.NAME)/...        pickles inside a bytes argument of
                                             MOD.NAME (torch.storage._load_from_bytes)
  SKIPPED      fixture<TAB>reason, for fixtures this generation cannot make.
  LIBS         python and library versions as imported.

SAFETY. Nothing is loaded for real: the recording pass runs the pure-Python
pickle._Unpickler with find_class overridden to RECORD (module, name) and
return an inert placeholder class, and persistent_load returning a
placeholder; no real callable is ever returned. It only runs over bytes this
script has just written itself.
"""

import argparse
import collections
import datetime
import decimal
import fractions
import functools
import io
import ipaddress
import os
import pathlib
import pickle
import shutil
import subprocess
import sys
import tempfile
import traceback
import uuid
import zipfile
import zlib

# The inert placeholder class is shared with the differential-test oracle
# (no .pyc: the chroots' Pythons would each leave one in the bind-mounted tree).
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_globals import Placeholder  # noqa: E402

# ---------------------------------------------------------------------------
# Recording unpickler
# ---------------------------------------------------------------------------


# Globals whose bytes argument is itself a serialized payload worth recording.
NESTED_BYTES = {("torch.storage", "_load_from_bytes")}
JOBLIB_WRAPPERS = {"NumpyArrayWrapper"}


def _itemsize(code):
    """Item size of a numpy dtype string as pickled ('f8', 'V64', 'U3')."""
    kind, digits = code[0], code[1:]
    n = int(digits) if digits.isdigit() else 0
    return n * 4 if kind == "U" else n


class Recorder(pickle._Unpickler):
    """Records every find_class and persistent_load; returns placeholders."""

    def __init__(self, fh, sink, stream):
        super().__init__(fh)
        self._fh = fh
        self._sink = sink
        self._stream = stream

    def _emit(self, module, name):
        self._sink.add(self._stream, module, name)

    def find_class(self, module, name):
        self._emit(module, name)
        attrs = {"_ph_global": (module, name), "__module__": "recorder.placeholder"}
        if (module, name) in NESTED_BYTES:
            label = "nested(%s.%s)" % (module, name)
            sink, stream = self._sink, self._stream

            def hook(args, label=label, sink=sink, stream=stream):
                if args and isinstance(args[0], (bytes, bytearray)):
                    record_payload(bytes(args[0]), sink,
                                   "%s/%s" % (stream, label) if stream != "pickle" else label)

            attrs["_ph_hook"] = hook
        return type("P_" + name.replace(".", "_"), (Placeholder,), attrs)

    def persistent_load(self, pid):
        tag = type(pid).__name__
        if isinstance(pid, tuple) and pid:
            tag = str(pid[0])
            if tag == "storage" and len(pid) >= 4 and isinstance(pid[3], str):
                tag += "@" + pid[3]
        self._emit("(persistent_id)", tag)
        return Placeholder(pid)

    # joblib writes raw array bytes right after a NumpyArrayWrapper's BUILD.
    def load_build(self):
        super().load_build()
        obj = self.stack[-1]
        if isinstance(obj, Placeholder) and obj._ph_global[1] in JOBLIB_WRAPPERS \
                and obj._ph_global[0].endswith("numpy_pickle"):
            self._skip_joblib_array(obj)

    dispatch = dict(pickle._Unpickler.dispatch)
    dispatch[pickle.BUILD[0]] = load_build

    def _skip_joblib_array(self, wrapper):
        state = wrapper._ph_state or {}
        dtype = state.get("dtype")
        code = None
        if isinstance(dtype, Placeholder) and dtype._ph_args[0]:
            code = dtype._ph_args[0][0]
        if not isinstance(code, str):
            raise pickle.UnpicklingError("joblib wrapper without a dtype string")
        if code.startswith("O"):
            sub = Recorder(self._fh, self._sink, self._stream + "-object-array")
            sub.load()
            return
        count = 1
        for dim in state.get("shape", ()):
            count *= int(dim)
        if state.get("numpy_array_alignment_bytes") is not None:
            pad = self._fh.read(1)
            if pad and pad[0]:
                self._fh.read(pad[0])
        self._fh.read(count * _itemsize(code))


class GlobalsSink:
    def __init__(self):
        self.rows = []
        self._seen = set()

    def add(self, stream, module, name):
        key = (stream, module, name)
        if key not in self._seen:
            self._seen.add(key)
            self.rows.append((module, name, stream))


def record_stream(data, sink, stream):
    """Record one pickle starting at data[0]; return the bytes consumed."""
    fh = io.BytesIO(data)
    Recorder(fh, sink, stream).load()
    return fh.tell()


def record_payload(data, sink, stream):
    """A torch payload: zip archive or legacy (5 pickles + raw storages)."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for member in zf.namelist():
                if member.endswith(".pkl"):
                    record_stream(zf.read(member), sink, "%s:zip:%s" % (stream, member)
                                  if stream else "zip:" + member)
        return
    pos = 0
    for n in range(5):
        if pos >= len(data) or data[pos] != 0x80:
            break
        pos += record_stream(data[pos:], sink, "%s#%d" % (stream, n) if stream else "legacy#%d" % n)


def record_file(path, loader):
    sink = GlobalsSink()
    with open(path, "rb") as fh:
        data = fh.read()
    if loader == "torch":
        record_payload(data, sink, "")
    elif loader == "joblib":
        if data[:1] == b"\x78":                     # joblib's zlib compressor
            data = zlib.decompress(data)
        elif data[:2] == b"\x1f\x8b":
            import gzip
            data = gzip.decompress(data)
        record_stream(data, sink, "joblib")
    elif loader == "numpy":
        if data[:6] != b"\x93NUMPY":
            raise ValueError("not an .npy file")
        major = data[6]
        if major == 1:
            hlen = int.from_bytes(data[8:10], "little")
            start = 10 + hlen
        else:
            hlen = int.from_bytes(data[8:12], "little")
            start = 12 + hlen
        record_stream(data[start:], sink, "npy")
    else:                                           # pickle, pandas
        used = record_stream(data, sink, "pickle")
        if used != len(data):
            sink.add("pickle", "(trailing-bytes)", str(len(data) - used))
    return sink.rows


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------

FIXTURES = []


def fixture(func):
    FIXTURES.append(func)
    return func


class Skip(Exception):
    pass


class Ctx:
    def __init__(self, out, tmp):
        self.out = out
        self.tmp = tmp
        self.entries = []          # (filename, loader, description)
        self.pending = []

    def path(self, name):
        return os.path.join(self.out, name)

    def add(self, name, loader, desc, data=None):
        if data is not None:
            with open(self.path(name), "wb") as fh:
                fh.write(data)
        if not os.path.exists(self.path(name)):
            raise RuntimeError("%s was not written" % name)
        self.pending.append((name, loader, desc))

    def commit(self):
        self.entries.extend(self.pending)
        self.pending = []

    def rollback(self):
        for name, _, _ in self.pending:
            try:
                os.unlink(self.path(name))
            except OSError:
                pass
        self.pending = []


def need(modname):
    import importlib
    try:
        return importlib.import_module(modname)
    except ImportError as e:
        raise Skip("%s not installed (%s)" % (modname, e))


def tiny_xy():
    np = need("numpy")
    X = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 2.5], [3.0, 1.5],
                  [0.5, 0.0], [2.5, 3.0], [1.5, 1.0], [3.5, 2.0]])
    y = np.array([0, 0, 1, 1, 0, 1, 0, 1])
    return X, y


def seed_torch(torch):
    torch.manual_seed(0)
    torch.set_num_threads(1)


def add_per_protocol(ctx, stem, protocols, desc, value):
    """Add STEM_pN.pkl = pickle.dumps(value, protocol=N) for each N in protocols
    (desc is a %-format taking N)."""
    for proto in protocols:
        ctx.add("%s_p%d.pkl" % (stem, proto), "pickle", desc % proto,
                pickle.dumps(value, protocol=proto))


@fixture
def f01_partial(ctx):
    np = need("numpy")
    ctx.add("partial_library_function.pkl", "pickle",
            "pickle.dumps(functools.partial(numpy.clip, a_min=0, a_max=1)), default protocol",
            pickle.dumps(functools.partial(np.clip, a_min=0, a_max=1)))


@fixture
def f01_partial_transformer(ctx):
    np = need("numpy")
    joblib = need("joblib")
    need("sklearn")
    from sklearn.preprocessing import FunctionTransformer
    X, _ = tiny_xy()
    ft = FunctionTransformer(func=functools.partial(np.log1p)).fit(X)
    joblib.dump(ft, ctx.path("partial_in_transformer.joblib"))
    ctx.add("partial_in_transformer.joblib", "joblib",
            "joblib.dump(FunctionTransformer(func=functools.partial(numpy.log1p)) fitted)")


@fixture
def f02_memmap(ctx):
    np = need("numpy")
    m = np.memmap(os.path.join(ctx.tmp, "mm.bin"), dtype="float32", mode="w+", shape=(2, 3))
    m[:] = np.arange(6, dtype="float32").reshape(2, 3)
    m.flush()
    add_per_protocol(ctx, "memmap_subtype", (2, 5),
                     "pickle.dumps(numpy.memmap float32 (2,3), protocol=%d)", m)
    del m


@fixture
def f03_tensor(ctx):
    torch = need("torch")
    seed_torch(torch)
    ctx.add("tensor_pickle_dumps.pkl", "pickle",
            "pickle.dumps(torch.arange(6, dtype=torch.float32))",
            pickle.dumps(torch.arange(6, dtype=torch.float32)))


@fixture
def f03_module(ctx):
    torch = need("torch")
    seed_torch(torch)
    ctx.add("module_pickle_dumps.pkl", "pickle", "pickle.dumps(torch.nn.Linear(2, 2))",
            pickle.dumps(torch.nn.Linear(2, 2)))


@fixture
def f03_tensor_joblib(ctx):
    torch = need("torch")
    joblib = need("joblib")
    joblib.dump({"w": torch.ones(3)}, ctx.path("tensor_joblib.joblib"))
    ctx.add("tensor_joblib.joblib", "joblib", "joblib.dump({'w': torch.ones(3)})")


@fixture
def f04_zoneinfo(ctx):
    import zoneinfo
    tz = zoneinfo.ZoneInfo("UTC")
    add_per_protocol(ctx, "zoneinfo", (2, 4),
                     "pickle.dumps(zoneinfo.ZoneInfo('UTC'), protocol=%d)", tz)
    dt = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=tz)
    ctx.add("datetime_zoneinfo.pkl", "pickle",
            "pickle.dumps(datetime.datetime(2020,1,2,3,4,5, tzinfo=ZoneInfo('UTC')))",
            pickle.dumps(dt))


@fixture
def f05_enums(ctx):
    import http
    import inspect
    import re
    import signal
    import socket
    members = [http.HTTPStatus.OK, re.RegexFlag.IGNORECASE,
               re.RegexFlag.IGNORECASE | re.RegexFlag.MULTILINE,
               signal.Signals.SIGTERM, socket.AddressFamily.AF_INET,
               socket.SocketKind.SOCK_STREAM, inspect.Parameter.POSITIONAL_ONLY,
               uuid.SafeUUID.safe]
    add_per_protocol(ctx, "enum_members", (2, 4),
                     "pickle.dumps([HTTPStatus.OK, RegexFlag.IGNORECASE, I|M, Signals.SIGTERM, "
                     "AddressFamily.AF_INET, SocketKind.SOCK_STREAM, _ParameterKind, SafeUUID], "
                     "protocol=%d)", members)


@fixture
def f06_dill(ctx):
    np = need("numpy")
    dill = need("dill")
    value = {
        "floats": np.arange(4, dtype="float64"),
        "ints": np.arange(3, dtype="int32"),
        "objects": np.array([1, "a", None], dtype=object),
        "set": {1, 2, 3},
        "ordered": collections.OrderedDict([("x", 1), ("y", 2)]),
        "int_type": int,
        "none_type": type(None),
    }
    ctx.add("dill_plain_data.pkl", "pickle",
            "dill.dumps(dict of numpy arrays, object array, set, OrderedDict, int, type(None))",
            dill.dumps(value))


@fixture
def f07_joblib_arrays(ctx):
    np = need("numpy")
    joblib = need("joblib")
    obj = np.array([1, "a", None, [1, 2]], dtype=object)
    mixed = {"objects": np.array([1, "a", None], dtype=object),
             "floats": np.arange(5, dtype="float64")}
    for suffix, compress in (("", 0), ("_z", 3)):
        joblib.dump(obj, ctx.path("joblib_object_array%s.joblib" % suffix), compress=compress)
        ctx.add("joblib_object_array%s.joblib" % suffix, "joblib",
                "joblib.dump(numpy object array [1,'a',None,[1,2]], compress=%d)" % compress)
        joblib.dump(mixed, ctx.path("joblib_mixed_arrays%s.joblib" % suffix), compress=compress)
        ctx.add("joblib_mixed_arrays%s.joblib" % suffix, "joblib",
                "joblib.dump({object array, float array}, compress=%d)" % compress)


@fixture
def f07_npy_object(ctx):
    np = need("numpy")
    np.save(ctx.path("numpy_object_array.npy"), np.array([1, "a", None], dtype=object),
            allow_pickle=True)
    ctx.add("numpy_object_array.npy", "numpy",
            "numpy.save of an object array [1,'a',None] (pickle after the .npy header)")


@fixture
def f08_stdlib(ctx):
    import argparse
    dd = collections.defaultdict(float)
    dd["a"] += 1.5
    value = {
        "ordered": collections.OrderedDict([("a", 1), ("b", 2)]),
        "defaultdict": dd,
        "range": range(5),
        "namespace": argparse.Namespace(a=1),
        "purepath": pathlib.PurePosixPath("/a/b"),
        "path": pathlib.PosixPath("/a/b"),
        "ip": ipaddress.ip_address("10.0.0.1"),
        "fraction": fractions.Fraction(1, 3),
        "decimal": decimal.Decimal("1.5"),
        "uuid": uuid.UUID(int=1),
        "datetime": datetime.datetime(2020, 1, 2, 3, 4, 5),
        "date": datetime.date(2020, 1, 2),
        "timedelta": datetime.timedelta(days=1, seconds=2),
    }
    add_per_protocol(ctx, "ordered_and_defaultdict", (2, 4),
                     "dict of OrderedDict, defaultdict(float), range, Namespace, PurePosixPath, "
                     "PosixPath, ip_address, Fraction, Decimal, UUID, datetime/date/timedelta, "
                     "protocol=%d", value)


@fixture
def f09_random_state(ctx):
    np = need("numpy")
    value = {"RandomState": np.random.RandomState(0),
             "default_rng": np.random.default_rng(0),
             "Generator_PCG64": np.random.Generator(np.random.PCG64(1)),
             "MT19937": np.random.MT19937(2)}
    ctx.add("numpy_random_state.pkl", "pickle",
            "pickle.dumps({RandomState(0), default_rng(0), Generator(PCG64(1)), MT19937(2)})",
            pickle.dumps(value))


def _zero_times(search):
    """GridSearchCV stores wall-clock fit/score times: zero them (determinism)."""
    for key in list(search.cv_results_):
        if key.endswith("_time"):
            search.cv_results_[key] = search.cv_results_[key] * 0.0
    if hasattr(search, "refit_time_"):
        search.refit_time_ = 0.0


@fixture
def f10_sklearn(ctx):
    joblib = need("joblib")
    need("sklearn")
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    X, y = tiny_xy()
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())]).fit(X, y)
    forest = RandomForestClassifier(n_estimators=2, max_depth=2, random_state=0, n_jobs=1).fit(X, y)
    search = GridSearchCV(LogisticRegression(), {"C": [1, 2]}, cv=2, n_jobs=1).fit(X, y)
    _zero_times(search)
    joblib.dump({"pipeline": pipe, "forest": forest, "search": search},
                ctx.path("sklearn_models.joblib"))
    ctx.add("sklearn_models.joblib", "joblib",
            "joblib.dump({Pipeline(StandardScaler, LogisticRegression), "
            "RandomForestClassifier(n_estimators=2), GridSearchCV(LogisticRegression, C=[1,2], cv=2)}) "
            "(cv_results_ *_time zeroed)")


@fixture
def f11_torch_checkpoint(ctx):
    torch = need("torch")
    nn = torch.nn
    seed_torch(torch)
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    loss = model(torch.ones(1, 2)).sum()
    loss.backward()
    opt.step()
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 3,
                "rng": torch.get_rng_state()}, ctx.path("torch_checkpoint.pt"))
    ctx.add("torch_checkpoint.pt", "torch",
            "torch.save({model state_dict, Adam state_dict after one step, epoch, torch.get_rng_state()})")


@fixture
def f11_torch_full_module(ctx):
    torch = need("torch")
    nn = torch.nn
    seed_torch(torch)
    model = nn.Sequential(nn.Linear(4, 4), nn.LeakyReLU(0.1),
                          nn.TransformerEncoderLayer(d_model=4, nhead=1, dim_feedforward=4),
                          nn.MaxPool2d(2))
    model.eval()
    torch.save(model, ctx.path("torch_full_module.pt"))
    ctx.add("torch_full_module.pt", "torch",
            "torch.save(nn.Sequential(Linear, LeakyReLU, TransformerEncoderLayer(4,1,4), MaxPool2d)) "
            "- whole module, not state_dict")


@fixture
def f11_torch_legacy(ctx):
    torch = need("torch")
    seed_torch(torch)
    model = torch.nn.Linear(2, 2)
    torch.save(model.state_dict(), ctx.path("torch_legacy_format.pt"),
               _use_new_zipfile_serialization=False)
    ctx.add("torch_legacy_format.pt", "torch",
            "torch.save(Linear(2,2).state_dict(), _use_new_zipfile_serialization=False) (legacy, non-zip)")


@fixture
def f12_pandas(ctx):
    pd = need("pandas")
    df = pd.DataFrame({
        "i": [1, 2, 3],
        "f": [0.5, 1.5, 2.5],
        "o": ["a", None, 3],
        "cat": pd.Categorical(["x", "y", "x"]),
        "nint": pd.array([1, None, 3], dtype="Int64"),
        "nbool": pd.array([True, None, False], dtype="boolean"),
        "s": pd.array(["p", None, "q"], dtype="string"),
        "ts_utc": pd.date_range("2020-01-01", periods=3, freq="D", tz="UTC"),
        "ts_berlin": pd.date_range("2020-01-01", periods=3, freq="D", tz="Europe/Berlin"),
        "td": pd.to_timedelta([1, 2, 3], unit="s"),
    })
    df.to_pickle(ctx.path("pandas_frame.pkl"))
    ctx.add("pandas_frame.pkl", "pandas",
            "DataFrame.to_pickle: int, float, object, category, Int64, boolean, string, "
            "datetime tz=UTC and Europe/Berlin, timedelta columns")


@fixture
def f13_scipy_sparse(ctx):
    np = need("numpy")
    sp = need("scipy.sparse")
    dense = np.array([[1.0, 0.0, 2.0, 0.0], [0.0, 0.0, 3.0, 4.0]])
    value = {}
    for kind in ("csr", "csc", "coo", "lil", "dok", "bsr", "dia"):
        value[kind + "_matrix"] = getattr(sp, kind + "_matrix")(dense)
        arr = getattr(sp, kind + "_array", None)
        if arr is not None:
            value[kind + "_array"] = arr(dense)
    ctx.add("scipy_sparse.pkl", "pickle",
            "pickle.dumps of scipy.sparse csr/csc/coo/lil/dok/bsr/dia _matrix and _array (where present)",
            pickle.dumps(value))


@fixture
def f14_xgboost(ctx):
    joblib = need("joblib")
    xgb = need("xgboost")
    X, y = tiny_xy()
    model = xgb.XGBClassifier(n_estimators=2, max_depth=2, random_state=0, n_jobs=1)
    model.fit(X, y)
    joblib.dump(model, ctx.path("xgboost_model.joblib"))
    ctx.add("xgboost_model.joblib", "joblib", "joblib.dump(xgboost.XGBClassifier(n_estimators=2) fitted)")


@fixture
def f15_training_args(ctx):
    torch = need("torch")
    transformers = need("transformers")
    from transformers import TrainingArguments
    fields = TrainingArguments.__dataclass_fields__
    kwargs = {"output_dir": "out", "report_to": [], "seed": 0}
    kwargs["use_cpu" if "use_cpu" in fields else "no_cuda"] = True
    # Older releases default logging_dir to runs/<timestamp>_<host>: pin it.
    # transformers >= 5 defaults it to None and deprecates the argument.
    if int(transformers.__version__.split(".")[0]) < 5:
        kwargs["logging_dir"] = "out/runs"
    args = TrainingArguments(**kwargs)
    torch.save(args, ctx.path("training_args.bin"))
    ctx.add("training_args.bin", "torch",
            "torch.save(transformers.TrainingArguments) as Trainer writes training_args.bin")


@fixture
def f15_accelerate(ctx):
    torch = need("torch")
    need("accelerate")
    from accelerate.utils import DataLoaderConfiguration, ProjectConfiguration
    torch.save({"project": ProjectConfiguration(project_dir="out"),
                "dataloader": DataLoaderConfiguration()}, ctx.path("accelerate_configs.bin"))
    ctx.add("accelerate_configs.bin", "torch",
            "torch.save({accelerate ProjectConfiguration, DataLoaderConfiguration})")


@fixture
def f16_tz_objects(ctx):
    value = {}
    try:
        import pytz
        value["pytz_berlin"] = pytz.timezone("Europe/Berlin")
        value["pytz_utc"] = pytz.utc
    except ImportError:
        pass
    try:
        from dateutil import relativedelta, tz
        value["dateutil_utc"] = tz.tzutc()
        value["dateutil_offset"] = tz.tzoffset("X", 3600)
        value["relativedelta"] = relativedelta.relativedelta(months=1, days=2)
    except ImportError:
        pass
    value["timezone"] = datetime.timezone(datetime.timedelta(hours=1), "X")
    if len(value) == 1:
        raise Skip("neither pytz nor dateutil installed")
    ctx.add("tz_objects.pkl", "pickle",
            "pickle.dumps({pytz.timezone('Europe/Berlin'), pytz.utc, dateutil tzutc/tzoffset/"
            "relativedelta, datetime.timezone}) (those installed)",
            pickle.dumps(value))


@fixture
def f17_cloudpickle(ctx):
    np = need("numpy")
    cloudpickle = need("cloudpickle")
    ctx.add("cloudpickle_plain.pkl", "pickle",
            "cloudpickle.dumps({'mean': numpy.mean (by reference), 'x': float array})",
            cloudpickle.dumps({"mean": np.mean, "x": np.arange(3.0)}))


@fixture
def f18_networkx(ctx):
    nx = need("networkx")
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=1.5)
    g.add_edge("b", "c")
    ctx.add("networkx_graph.pkl", "pickle", "pickle.dumps(networkx.DiGraph with 3 nodes)",
            pickle.dumps(g))


@fixture
def f19_statsmodels(ctx):
    sm = need("statsmodels.api")
    X, y = tiny_xy()
    res = sm.OLS(X[:, 1], sm.add_constant(X[:, 0])).fit()
    res.remove_data()
    buf = io.BytesIO()
    res.save(buf)
    ctx.add("statsmodels_ols.pkl", "pickle",
            "statsmodels OLS results .save() after remove_data()", buf.getvalue())


@fixture
def f20_skorch(ctx):
    torch = need("torch")
    skorch = need("skorch")
    seed_torch(torch)
    X, y = tiny_xy()
    net = skorch.NeuralNetClassifier(torch.nn.Sequential(torch.nn.Linear(2, 2)),
                                     max_epochs=1, batch_size=8, train_split=None,
                                     verbose=0, criterion=torch.nn.CrossEntropyLoss)
    net.fit(X.astype("float32"), y.astype("int64"))
    # the history holds wall-clock durations: zero them (determinism)
    for row in net.history:
        if "dur" in row:
            row["dur"] = 0.0
        for batch in row.get("batches", []):
            batch.pop("dur", None)
    ctx.add("skorch_net.pkl", "pickle", "pickle.dumps(skorch.NeuralNetClassifier fitted 1 epoch)",
            pickle.dumps(net))


@fixture
def f21_geopandas(ctx):
    gpd = need("geopandas")
    shapely_geometry = need("shapely.geometry")
    gdf = gpd.GeoDataFrame({"name": ["p", "q"]},
                           geometry=[shapely_geometry.Point(0, 0), shapely_geometry.Point(1, 1)])
    gdf.to_pickle(ctx.path("geopandas_frame.pkl"))
    ctx.add("geopandas_frame.pkl", "pandas", "GeoDataFrame.to_pickle with two shapely Points")


@fixture
def f22_shapely(ctx):
    geom = need("shapely.geometry")
    value = [geom.Point(0, 1), geom.LineString([(0, 0), (1, 1)]),
             geom.Polygon([(0, 0), (1, 0), (1, 1)])]
    ctx.add("shapely_geometries.pkl", "pickle", "pickle.dumps([Point, LineString, Polygon])",
            pickle.dumps(value))


@fixture
def f23_gensim(ctx):
    need("gensim")
    from gensim.models import Word2Vec
    sentences = [["a", "b", "c"], ["b", "c", "d"], ["a", "d"]]
    model = Word2Vec(sentences, vector_size=4, window=2, min_count=1, workers=1, seed=0, epochs=1)
    # lifecycle events carry datetime.now() and platform strings; the train
    # time is wall-clock: drop / zero them (determinism).
    model.lifecycle_events = None
    model.wv.lifecycle_events = None
    model.total_train_time = 0.0
    model.save(ctx.path("gensim_word2vec.model"))
    ctx.add("gensim_word2vec.model", "pickle",
            "gensim Word2Vec(vector_size=4, 4 words).save() (utils.SaveLoad pickle, arrays inline)")


# ---------------------------------------------------------------------------


def lib_versions():
    lines = ["python=%s" % sys.version.split()[0]]
    import importlib
    for mod in ("numpy", "torch", "sklearn", "pandas", "scipy", "joblib", "xgboost", "dill",
                "cloudpickle", "transformers", "accelerate", "tokenizers", "safetensors",
                "pyarrow", "gensim", "networkx", "statsmodels", "skorch", "geopandas",
                "shapely", "dateutil", "pytz"):
        try:
            m = importlib.import_module(mod)
        except Exception:   # noqa: BLE001 - absent or broken: just not listed
            continue
        lines.append("%s=%s" % (mod, getattr(m, "__version__", "?")))
    return lines


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (tests/fixtures/generations/SUITE)")
    ap.add_argument("--only", action="append", help="run only fixtures whose name contains this")
    args = ap.parse_args(argv)

    # Set iteration order and thread counts must not vary between runs.
    if os.environ.get("PYTHONHASHSEED") != "0" or os.environ.get("OMP_NUM_THREADS") != "1":
        env = dict(os.environ, PYTHONHASHSEED="0", OMP_NUM_THREADS="1", TZ="UTC",
                   TOKENIZERS_PARALLELISM="false", TRANSFORMERS_OFFLINE="1",
                   HF_HUB_OFFLINE="1", HF_HOME=tempfile.gettempdir() + "/hf-gen-fixtures")
        return subprocess.call([sys.executable, os.path.abspath(__file__)] + argv, env=env)

    out = args.out
    os.makedirs(out, exist_ok=True)
    # Start from a clean set of artifacts; VERSIONS (from make_chroot.sh) is kept.
    for name in os.listdir(out):
        if name != "VERSIONS" and os.path.isfile(os.path.join(out, name)):
            os.unlink(os.path.join(out, name))

    tmp = tempfile.mkdtemp(prefix="genfix-")
    old_cwd = os.getcwd()
    os.chdir(tmp)                   # libraries that write side files do it here
    out = os.path.join(old_cwd, out) if not os.path.isabs(out) else out
    ctx = Ctx(out, tmp)
    skipped = []
    try:
        for func in FIXTURES:
            if args.only and not any(s in func.__name__ for s in args.only):
                continue
            try:
                func(ctx)
                ctx.commit()
                print("ok    %s" % func.__name__)
            except Skip as e:
                ctx.rollback()
                skipped.append((func.__name__, str(e)))
                print("skip  %s: %s" % (func.__name__, e))
            except Exception as e:  # noqa: BLE001 - one fixture failing skips just it
                ctx.rollback()
                msg = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
                skipped.append((func.__name__, "error " + msg))
                print("FAIL  %s: %s" % (func.__name__, msg))
                traceback.print_exc()
    finally:
        os.chdir(old_cwd)
        shutil.rmtree(tmp, ignore_errors=True)

    rows = []
    for name, loader, desc in ctx.entries:
        try:
            for module, gname, stream in record_file(ctx.path(name), loader):
                rows.append((name, module, gname, stream))
        except Exception as e:  # noqa: BLE001
            rows.append((name, "(error)", "%s: %s" % (type(e).__name__, e), ""))
            print("record error %s: %s" % (name, e))

    def write(fname, lines):
        with open(os.path.join(out, fname), "w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line.replace("\n", " ") + "\n")

    write("MANIFEST", ["\t".join(e) for e in ctx.entries])
    write("GLOBALS.tsv", ["\t".join(r) for r in rows])
    write("SKIPPED", ["\t".join(s) for s in skipped])
    write("LIBS", lib_versions())
    total = sum(os.path.getsize(ctx.path(e[0])) for e in ctx.entries)
    print("%d artifacts, %d bytes, %d skipped -> %s" % (len(ctx.entries), total, len(skipped), out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
