#!/usr/bin/python3
"""Derive Sentinel's trusted-globals allowlist from real library output.

    /usr/bin/python3 scripts/allowlist.py            # print the derived allowlist
    /usr/bin/python3 scripts/allowlist.py --write    # rewrite data/allowlist.txt
    /usr/bin/python3 scripts/allowlist.py --check    # regenerate, diff, exit 1 on change

The allowlist is the set of exact (module, qualname) globals that artifacts
written by the real libraries reference: plain stdlib data in every protocol,
numpy, pandas, scikit-learn, xgboost, joblib and torch. The artifacts are built
by the same builders as tests/fixtures/real (imported from gen_fixtures.py) plus
the richer builders below, serialized in memory, and their globals are read
STATICALLY:

  * every pickle stream is walked with pickletools.genops and a tiny stack/memo
    emulation: GLOBAL and INST arguments are read from the opcode; STACK_GLOBAL
    operands are strings tracked through the stack and the memo (PUT, BINPUT,
    LONG_BINPUT, MEMOIZE, GET, BINGET, LONG_BINGET, DUP);
  * names from streams of protocol < 3 are mapped through
    _compat_pickle.NAME_MAPPING / IMPORT_MAPPING exactly as
    pickle.Unpickler.find_class does (fix_imports=True);
  * torch: data.pkl is extracted from our own torch.save() zip; the legacy
    (non-zip) torch format is walked pickle by pickle;
  * joblib: joblib.dump's NumpyPickler interleaves raw array bytes with the
    pickle, so for joblib the globals are recorded at write time: every
    save_global call of pickle._Pickler is replayed into a scratch pickler and
    the scratch bytes are walked statically; the nested pickle joblib writes for
    object arrays (pickle.dump(..., protocol=2)) is walked statically too.

Nothing is ever unpickled.

Exclusions: data/allowlist-review.txt lists globals that real libraries do emit
but that must NOT be trusted (gadgets judged by the rules, e.g. builtins.getattr
used for Enum members). They are subtracted. A derived global whose module is on
the risky list, or a builtins callable that can run code, aborts the run unless
it is excluded: a library change that starts emitting such a name must be
reviewed, not silently allowlisted. No wildcard or prefix entries are produced.
"""

import argparse
import collections
import difflib
import importlib
import io
import os
import pickle
import sys
import time
import warnings
import zipfile


HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_fixtures as gf  # noqa: E402  (shared object builders)

ALLOWLIST = os.path.join(REPO, "data", "allowlist.txt")
REVIEW = os.path.join(REPO, "data", "allowlist-review.txt")

LIB_PROTOCOLS = (2, 4, 5)

# Modules whose appearance in a derived allowlist always needs a human review.
RISKY_MODULES = {
    "os", "posix", "nt", "subprocess", "socket", "sys", "importlib", "runpy", "code",
    "codeop", "pty", "ctypes", "marshal", "pickle", "_pickle", "shutil", "webbrowser",
    "urllib", "http", "sitecustomize", "shelve", "dill", "cloudpickle", "multiprocessing",
    "asyncio", "threading", "_thread", "signal", "tempfile", "io", "_io", "pathlib",
    "glob", "requests", "pydoc", "timeit", "commands", "popen2", "platform", "operator",
    "functools", "types", "inspect", "ast", "torch.storage", "torch.serialization",
    "torch.hub", "torch.jit", "numpy.testing", "joblib.numpy_pickle_compat",
}
RISKY_BUILTINS = {
    "eval", "exec", "compile", "__import__", "getattr", "setattr", "delattr", "open",
    "input", "breakpoint", "globals", "locals", "vars", "help", "exit", "quit",
    "memoryview", "super", "classmethod", "staticmethod", "property",
}

# Exact globals inside a risky module that were reviewed and found harmless.
REVIEWED_SAFE = {
    # torch.serialization._get_layout(name) looks the name up in a table of
    # torch.layout objects; torch's own weights_only unpickler allows it.
    ("torch.serialization", "_get_layout"),
    # torch/jit/_pickle.py: identity helpers TorchScript archives' pickles call
    # (also `reviewed` in data/dangerous.txt).
    ("torch.jit._pickle", "build_boollist"), ("torch.jit._pickle", "build_doublelist"),
    ("torch.jit._pickle", "build_intlist"), ("torch.jit._pickle", "build_tensor_from_id"),
    ("torch.jit._pickle", "build_tensorlist"), ("torch.jit._pickle", "restore_type_tag"),
}


from pickle_globals import WalkError, map_py2_name, record_pickler_globals, walk_one  # noqa: E402,F401


def globals_of_stream(data, proto=0):
    """Globals of a single pickle stream (bytes)."""
    return walk_one(io.BytesIO(data), data, proto)


def globals_of_torch_zip(data):
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for n in zf.namelist():
            if n.endswith(".pkl"):
                out += globals_of_stream(zf.read(n))
    return out


def globals_of_torchscript(data):
    """Every pickle member of a TorchScript archive (data.pkl, constants.pkl,
    code/*.debug_pkl). `__torch__.*` names are TorchScript types that Python
    cannot import; the scanner treats them as such inside TorchScript archives."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for n in zf.namelist():
            if n.endswith((".pkl", ".debug_pkl")):
                out += [g for g in globals_of_stream(zf.read(n)) if not g[0].startswith("__torch__")]
    return out


def torchscript_archives():
    """torch.jit.save of scripted and traced modules, in memory."""
    import torch
    import torch.nn as nn
    gf.seed_everything(0)
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(8, 2),
                          nn.Dropout(0.1), nn.LayerNorm(2))
    model.eval()
    out = []
    for label, module in (("script", torch.jit.script(model)),
                          ("trace", torch.jit.trace(model, torch.ones(1, 1, 4, 4)))):
        buf = io.BytesIO()
        torch.jit.save(module, buf)
        out.append(("torch.jit.save %s" % label, buf.getvalue()))
    return out


def legacy_tensor_types():
    """The pre-0.4 tar format pickles each tensor's type class (torch.FloatTensor, ...)."""
    import torch
    names = ["DoubleTensor", "FloatTensor", "HalfTensor", "BFloat16Tensor", "LongTensor", "IntTensor",
             "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor"]
    return [(n, getattr(torch, n)) for n in names if hasattr(torch, n)]


def globals_of_torch_legacy(data):
    """Legacy torch.save: magic, protocol, sys_info, object graph, storage keys."""
    f = io.BytesIO(data)
    out = []
    for _ in range(5):
        out += walk_one(f, data)
    return out


# ----------------------------------------------------------------------------
# write-time recording for joblib's NumpyPickler
# ----------------------------------------------------------------------------

def joblib_dump_globals(obj, **kw):
    import joblib
    with record_pickler_globals() as rec:
        joblib.dump(obj, io.BytesIO(), **kw)
    return rec.found


# ----------------------------------------------------------------------------
# richer builders (on top of gen_fixtures' builders)
# ----------------------------------------------------------------------------

def numpy_rich():
    import numpy as np
    out = collections.OrderedDict()
    out["fixture_arrays"] = gf.numpy_arrays()
    out["fixture_scalars"] = gf.numpy_scalars()
    types = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
             np.uint32, np.uint64, np.float16, np.float32, np.float64, np.longdouble,
             np.complex64, np.complex128, np.clongdouble, np.str_, np.bytes_,
             np.datetime64, np.timedelta64, np.object_, np.void,
             np.intc, np.uintc, np.int_, np.uint, np.longlong, np.ulonglong]
    out["types"] = types
    out["dtypes"] = [np.dtype(t) for t in types if t not in (np.str_, np.bytes_, np.void)]
    out["dtypes_more"] = [np.dtype("U3"), np.dtype("S2"), np.dtype("V4"), np.dtype(">f8"),
                          np.dtype([("a", "<i4"), ("b", [("c", "f4", (2, 2))])], align=True),
                          np.dtype(("i4", (2,))), np.dtype({"names": ["x"], "formats": ["i8"],
                                                             "offsets": [8], "itemsize": 16})]
    out["arrays"] = [np.ones((2, 3), dtype=t) for t in types
                     if t not in (np.datetime64, np.timedelta64, np.void, np.object_)]
    out["scalars"] = [t(1) for t in types
                      if t not in (np.datetime64, np.timedelta64, np.void, np.object_, np.bytes_)]
    out["dt_units"] = [np.array([1, 2], dtype="datetime64[%s]" % u)
                       for u in ("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns")]
    out["td_units"] = [np.array([1, 2], dtype="timedelta64[%s]" % u)
                       for u in ("D", "h", "m", "s", "ms", "us", "ns")]
    out["masked"] = np.ma.array([1.0, 2.0, 3.0], mask=[False, True, False], fill_value=-1)
    out["masked_struct"] = np.ma.array([(1, 2.0)], mask=[(True, False)],
                                       dtype=[("a", "i4"), ("b", "f8")])
    out["masked_constant"] = np.ma.masked
    out["matrix"] = np.matrix([[1, 2], [3, 4]])
    out["recarray"] = np.rec.array([(1, 2.0), (3, 4.0)], dtype=[("a", "i4"), ("b", "f8")])
    out["record"] = out["recarray"][0]
    out["object_array"] = np.array([{"a": 1}, None, "s"], dtype=object)
    out["rng_generators"] = [np.random.Generator(bg(0)) for bg in
                             (np.random.PCG64, np.random.PCG64DXSM, np.random.MT19937,
                              np.random.Philox, np.random.SFC64)]
    out["default_rng"] = np.random.default_rng(0)
    out["bit_generators"] = [bg(0) for bg in (np.random.PCG64, np.random.MT19937)]
    out["random_state"] = np.random.RandomState(0)
    out["random_state_state"] = np.random.RandomState(0).get_state()
    out["seed_sequence"] = np.random.SeedSequence(0)
    out["ufunc"] = [np.add, np.log1p]
    return out


def pandas_rich():
    import numpy as np
    import pandas as pd
    n = 3
    df = gf.pandas_dataframe()
    df["u8"] = np.arange(n, dtype="uint8")
    df["period"] = pd.period_range("2024-01", periods=n, freq="M")
    df["interval"] = pd.interval_range(0, n)
    df["dt_paris"] = pd.date_range("2024-01-01", periods=n, tz="Europe/Paris")
    df["dt_fixed"] = pd.date_range("2024-01-01", periods=n, tz=pd.Timestamp(
        "2024-01-01T00:00+05:30").tz)
    df["Float64"] = pd.array([1.5, None, 2.5], dtype="Float64")
    df["UInt8"] = pd.array([1, None, 3], dtype="UInt8")
    df["sparse"] = pd.arrays.SparseArray([0.0, 0.0, 1.0])
    df["cat_int"] = pd.Categorical([1, 2, 1])
    df["complex"] = np.array([1j, 2, 3], dtype="complex128")
    df["obj_mixed"] = [1, "a", None]
    out = collections.OrderedDict()
    out["df"] = df
    out["df_multiindex"] = pd.DataFrame(
        {"v": [1, 2, 3, 4]},
        index=pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["k1", "k2"]))
    out["df_multicols"] = pd.DataFrame(np.ones((2, 2)), columns=pd.MultiIndex.from_tuples(
        [("a", "x"), ("a", "y")]))
    out["objects"] = gf.pandas_objects()
    out["indexes"] = [pd.RangeIndex(5), pd.Index([1, 2], dtype="int64"),
                      pd.Index([1.5, 2.5]), pd.Index([1, 2], dtype="uint64"),
                      pd.Index([True, False], dtype=object),
                      pd.CategoricalIndex(["a", "b"]), pd.DatetimeIndex(["2024-01-01"]),
                      pd.date_range("2024-01-01", periods=2, freq="D"),
                      pd.TimedeltaIndex(["1 day"]), pd.PeriodIndex(["2024-01"], freq="M"),
                      pd.IntervalIndex.from_breaks([0, 1, 2]),
                      pd.MultiIndex.from_arrays([[1, 2], ["a", "b"]])]
    out["series"] = [df[c] for c in df.columns]
    out["scalars"] = [pd.Timestamp("2024-01-01", tz="Europe/Paris"), pd.Period("2024-01", "M"),
                      pd.Interval(0, 1, closed="left"), pd.NA, pd.NaT,
                      pd.Timedelta(1, "s")]
    out["offsets"] = [pd.offsets.Day(2), pd.offsets.Hour(), pd.offsets.MonthEnd(),
                      pd.offsets.BusinessDay(), pd.offsets.Week(weekday=0),
                      pd.offsets.QuarterEnd(startingMonth=3), pd.offsets.YearBegin(),
                      pd.offsets.Minute(5)]
    out["dtypes"] = [pd.CategoricalDtype(["a", "b"]), pd.DatetimeTZDtype(tz="UTC"),
                     pd.PeriodDtype("D"), pd.IntervalDtype("int64"), pd.Int64Dtype(),
                     pd.StringDtype(), pd.BooleanDtype(), pd.Float64Dtype(),
                     pd.SparseDtype("float64")]
    return out


def _text_corpus():
    return ["the cat sat on the mat", "the dog ate my homework",
            "a cat and a dog", "machine learning models pickle badly"]


def sklearn_rich():
    import numpy as np
    import pandas as pd
    from sklearn import (cluster, compose, decomposition, dummy, ensemble,
                         feature_extraction, feature_selection, impute, linear_model,
                         naive_bayes, neighbors, neural_network, pipeline, preprocessing,
                         svm, tree)
    from sklearn.feature_extraction import text

    X, y = gf.tiny_classification(n=40)
    Xp = np.abs(X)
    y3 = np.arange(40) % 3
    yr = X[:, 0] * 2.0 + 1.0
    ylab = np.array(["no", "yes"])[y]
    rs = 0
    est = collections.OrderedDict()

    def fit(name, e, *a):
        est[name] = e.fit(*a)

    # linear models
    fit("linreg", linear_model.LinearRegression(), X, yr)
    fit("ridge", linear_model.Ridge(), X, yr)
    fit("ridge_clf", linear_model.RidgeClassifier(), X, y)
    fit("lasso", linear_model.Lasso(alpha=0.01), X, yr)
    fit("enet", linear_model.ElasticNet(alpha=0.01), X, yr)
    fit("logreg", linear_model.LogisticRegression(max_iter=300), X, y)
    fit("logreg_multi", linear_model.LogisticRegression(max_iter=300), X, y3)
    fit("logreg_str", linear_model.LogisticRegression(max_iter=300), X, ylab)
    fit("sgd_hinge", linear_model.SGDClassifier(random_state=rs), X, y)
    fit("sgd_log", linear_model.SGDClassifier(loss="log_loss", random_state=rs), X, y)
    fit("sgd_reg", linear_model.SGDRegressor(random_state=rs), X, yr)
    fit("perceptron", linear_model.Perceptron(random_state=rs), X, y)
    fit("pa", linear_model.PassiveAggressiveClassifier(random_state=rs), X, y)
    # trees and ensembles
    fit("dt_clf", tree.DecisionTreeClassifier(max_depth=3, random_state=rs), X, y)
    fit("dt_reg", tree.DecisionTreeRegressor(max_depth=3, random_state=rs), X, yr)
    fit("et_clf_single", tree.ExtraTreeClassifier(random_state=rs), X, y)
    fit("rf_clf", ensemble.RandomForestClassifier(n_estimators=3, max_depth=3, random_state=rs), X, y)
    fit("rf_reg", ensemble.RandomForestRegressor(n_estimators=3, max_depth=3, random_state=rs), X, yr)
    fit("et_clf", ensemble.ExtraTreesClassifier(n_estimators=3, random_state=rs), X, y)
    fit("gb_clf", ensemble.GradientBoostingClassifier(n_estimators=3, random_state=rs), X, y)
    fit("gb_clf_multi", ensemble.GradientBoostingClassifier(n_estimators=2, random_state=rs), X, y3)
    fit("gb_reg", ensemble.GradientBoostingRegressor(n_estimators=3, random_state=rs), X, yr)
    fit("gb_reg_huber", ensemble.GradientBoostingRegressor(loss="huber", n_estimators=2,
                                                           random_state=rs), X, yr)
    fit("hgb_clf", ensemble.HistGradientBoostingClassifier(max_iter=3, random_state=rs), X, y)
    fit("hgb_clf_multi", ensemble.HistGradientBoostingClassifier(max_iter=2, random_state=rs), X, y3)
    fit("hgb_reg", ensemble.HistGradientBoostingRegressor(max_iter=3, random_state=rs), X, yr)
    fit("ada", ensemble.AdaBoostClassifier(n_estimators=3, random_state=rs), X, y)
    fit("bagging", ensemble.BaggingClassifier(n_estimators=2, random_state=rs), X, y)
    fit("iforest", ensemble.IsolationForest(n_estimators=3, random_state=rs), X)
    fit("voting", ensemble.VotingClassifier([("lr", linear_model.LogisticRegression()),
                                             ("nb", naive_bayes.GaussianNB())]), X, y)
    fit("stacking", ensemble.StackingClassifier([("lr", linear_model.LogisticRegression()),
                                                 ("dt", tree.DecisionTreeClassifier(max_depth=2))],
                                                cv=2), X, y)
    # SVM
    fit("svc", svm.SVC(), X, y)
    fit("svc_proba", svm.SVC(probability=True, random_state=rs), X, y)
    fit("svr", svm.SVR(), X, yr)
    fit("nusvc", svm.NuSVC(), X, y)
    fit("ocsvm", svm.OneClassSVM(), X)
    fit("linsvc", svm.LinearSVC(random_state=rs), X, y)
    fit("linsvr", svm.LinearSVR(random_state=rs), X, yr)
    # neighbours
    for algo in ("kd_tree", "ball_tree", "brute"):
        fit("knn_" + algo, neighbors.KNeighborsClassifier(n_neighbors=3, algorithm=algo), X, y)
    fit("knn_reg", neighbors.KNeighborsRegressor(n_neighbors=3), X, yr)
    fit("knn_manhattan", neighbors.KNeighborsClassifier(n_neighbors=3, metric="manhattan"), X, y)
    fit("nn", neighbors.NearestNeighbors(n_neighbors=2), X)
    fit("kde", neighbors.KernelDensity(), X)
    # naive bayes
    fit("gnb", naive_bayes.GaussianNB(), X, y)
    fit("mnb", naive_bayes.MultinomialNB(), Xp, y)
    fit("bnb", naive_bayes.BernoulliNB(), X, y)
    fit("cnb", naive_bayes.ComplementNB(), Xp, y)
    fit("catnb", naive_bayes.CategoricalNB(), (Xp * 2).astype(int), y)
    # preprocessing / impute / decomposition / cluster / selection
    for name, cls in (("std", preprocessing.StandardScaler), ("minmax", preprocessing.MinMaxScaler),
                      ("robust", preprocessing.RobustScaler), ("maxabs", preprocessing.MaxAbsScaler),
                      ("normalizer", preprocessing.Normalizer),
                      ("poly", preprocessing.PolynomialFeatures),
                      ("power", preprocessing.PowerTransformer),
                      ("function", preprocessing.FunctionTransformer)):
        fit(name, cls(), X)
    fit("quantile", preprocessing.QuantileTransformer(n_quantiles=10, random_state=rs), X)
    fit("kbins", preprocessing.KBinsDiscretizer(n_bins=3, encode="ordinal"), X)
    fit("kbins_onehot", preprocessing.KBinsDiscretizer(n_bins=3), X)
    cats = np.array([["a", "x"], ["b", "y"], ["a", "y"]], dtype=object)
    fit("onehot", preprocessing.OneHotEncoder(handle_unknown="ignore"), cats)
    fit("onehot_dense", preprocessing.OneHotEncoder(sparse_output=False), cats)
    fit("ordinal", preprocessing.OrdinalEncoder(), cats)
    fit("label_enc", preprocessing.LabelEncoder(), ylab)
    fit("label_bin", preprocessing.LabelBinarizer(), y3)
    fit("multilabel_bin", preprocessing.MultiLabelBinarizer(), [{"a", "b"}, {"c"}])
    fit("imputer", impute.SimpleImputer(), X)
    fit("knn_imputer", impute.KNNImputer(n_neighbors=2), X)
    fit("pca", decomposition.PCA(n_components=2, random_state=rs), X)
    fit("tsvd", decomposition.TruncatedSVD(n_components=2, random_state=rs), X)
    fit("nmf", decomposition.NMF(n_components=2, init="nndsvda", max_iter=20, random_state=rs), Xp)
    fit("kmeans", cluster.KMeans(n_clusters=2, n_init=1, random_state=rs), X)
    fit("select_kbest", feature_selection.SelectKBest(feature_selection.f_classif, k=2), X, y)
    fit("variance", feature_selection.VarianceThreshold(), X)
    fit("dummy", dummy.DummyClassifier(), X, y)
    fit("mlp", neural_network.MLPClassifier(hidden_layer_sizes=(3,), max_iter=5,
                                            random_state=rs), X, y)
    fit("mlp_reg", neural_network.MLPRegressor(hidden_layer_sizes=(3,), max_iter=5,
                                               random_state=rs), X, yr)
    # text / dict feature extraction
    corpus = _text_corpus()
    fit("count_vec", text.CountVectorizer(), corpus)
    fit("count_vec_stop", text.CountVectorizer(stop_words="english", ngram_range=(1, 2)), corpus)
    fit("tfidf", text.TfidfVectorizer(), corpus)
    fit("tfidf_transformer", text.TfidfTransformer(), text.CountVectorizer().fit_transform(corpus))
    fit("hashing", text.HashingVectorizer(n_features=16), corpus)
    fit("dict_vec", feature_extraction.DictVectorizer(), [{"a": 1, "b": 2}, {"c": 3}])
    # pipelines / composition
    fit("pipeline", pipeline.Pipeline([("s", preprocessing.StandardScaler()),
                                       ("c", linear_model.LogisticRegression())]), X, y)
    fit("make_pipeline", pipeline.make_pipeline(preprocessing.StandardScaler(),
                                                decomposition.PCA(n_components=2),
                                                svm.SVC()), X, y)
    fit("text_pipeline", pipeline.make_pipeline(text.TfidfVectorizer(),
                                                naive_bayes.MultinomialNB()),
        corpus, [0, 1, 1, 0])
    fit("feature_union", pipeline.FeatureUnion([("pca", decomposition.PCA(n_components=1)),
                                                ("kb", feature_selection.SelectKBest(k=1))]), X, y)
    df = pd.DataFrame({"num1": X[:, 0], "num2": X[:, 1],
                       "cat": np.array(["a", "b"], dtype=object)[y]})
    ct = compose.ColumnTransformer([("num", preprocessing.StandardScaler(), ["num1", "num2"]),
                                    ("cat", preprocessing.OneHotEncoder(), ["cat"])],
                                   remainder="drop")
    fit("column_transformer", ct, df)
    fit("column_pipeline", pipeline.Pipeline([
        ("prep", compose.ColumnTransformer(
            [("num", preprocessing.StandardScaler(), ["num1", "num2"]),
             ("cat", preprocessing.OneHotEncoder(), ["cat"])], remainder="passthrough")),
        ("clf", ensemble.RandomForestClassifier(n_estimators=2, random_state=rs))]), df, y)
    fit("ttr", compose.TransformedTargetRegressor(regressor=linear_model.LinearRegression(),
                                                  transformer=preprocessing.StandardScaler()),
        X, yr)
    est["unfitted_pipeline"] = gf.sk_pipeline().__class__(
        [("s", preprocessing.StandardScaler()), ("c", linear_model.LogisticRegression())])
    return est


def xgboost_rich():
    import xgboost as xgb
    X, y = gf.tiny_classification(n=40)
    y3 = [i % 3 for i in range(40)]
    common = dict(n_estimators=2, max_depth=2, n_jobs=1, random_state=0, tree_method="exact")
    out = collections.OrderedDict()
    out["clf"] = gf.xgb_classifier()
    out["clf_multi"] = xgb.XGBClassifier(**common).fit(X, y3)
    out["reg"] = xgb.XGBRegressor(**common).fit(X, X[:, 0])
    out["rf"] = xgb.XGBRFClassifier(**common).fit(X, y)
    out["booster"] = xgb.train({"max_depth": 2, "nthread": 1}, xgb.DMatrix(X, label=y), 2)
    return out


def torch_rich():
    """Objects handed to torch.save (rich)."""
    import torch
    import torch.nn as nn
    gf.seed_everything(0)
    out = collections.OrderedDict()
    out["fixture_state_dict"] = gf.torch_state_dict_sequential()
    out["fixture_tensors"] = gf.torch_tensors_all_dtypes()
    out["fixture_shared"] = gf.torch_shared_storages()
    out["fixture_optim"] = gf.torch_optimizers()
    out["fixture_rng"] = gf.torch_rng_states()
    out["fixture_size_device"] = gf.torch_size_device()
    out["fixture_sparse"] = gf.torch_sparse_coo()
    out["fixture_quantized"] = gf.torch_quantized()
    out["fixture_parameter"] = gf.torch_parameter()
    out["fixture_checkpoint"] = gf.torch_training_checkpoint()
    x = torch.randn(2, 3)
    out["quantized_more"] = {
        "qint32": torch.quantize_per_tensor(x, 0.1, 0, torch.qint32),
        "quint4x2": torch.quantize_per_tensor(x, 0.1, 0, torch.quint4x2),
        "per_channel_qint8": torch.quantize_per_channel(x, torch.tensor([0.1, 0.2]),
                                                        torch.tensor([0, 1]), 0, torch.qint8),
    }
    out["sparse_csr"] = {"csr": torch.tensor([[0.0, 1.0], [2.0, 0.0]]).to_sparse_csr()}
    out["meta"] = {"meta": torch.empty(2, 3, device="meta")}
    out["dtypes"] = [getattr(torch, n) for n in gf.TORCH_DTYPES] + [
        torch.complex32, torch.quint8, torch.qint8, torch.qint32, torch.quint4x2]
    out["layouts"] = [torch.strided, torch.sparse_coo, torch.sparse_csr]
    # torch.memory_format objects are not picklable in torch 1.13.
    out["qschemes"] = [torch.per_tensor_affine, torch.per_channel_affine,
                       torch.per_tensor_symmetric, torch.per_channel_symmetric]
    out["devices"] = [torch.device("cpu"), torch.device("cuda:1"), torch.device("meta"),
                      torch.device("mps")]
    out["sizes"] = [torch.Size([]), torch.Size([1, 2, 3])]
    # optimizers and schedulers
    model = nn.Linear(3, 2)
    opt_states, sched_states = {}, {}
    for oname, ctor in (("sgd", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)),
                        ("adam", lambda p: torch.optim.Adam(p, lr=0.01, amsgrad=True)),
                        ("adamw", lambda p: torch.optim.AdamW(p, lr=0.01)),
                        ("rmsprop", lambda p: torch.optim.RMSprop(p, lr=0.01)),
                        ("adagrad", lambda p: torch.optim.Adagrad(p, lr=0.01))):
        opt = ctor(model.parameters())
        model(torch.ones(2, 3)).sum().backward()
        opt.step()
        opt_states[oname] = opt.state_dict()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sch = torch.optim.lr_scheduler
    for sname, make in (("step", lambda o: sch.StepLR(o, 2)),
                        ("multistep", lambda o: sch.MultiStepLR(o, [1, 3])),
                        ("exp", lambda o: sch.ExponentialLR(o, 0.9)),
                        ("cosine", lambda o: sch.CosineAnnealingLR(o, 10)),
                        ("cosine_wr", lambda o: sch.CosineAnnealingWarmRestarts(o, 5)),
                        ("plateau", lambda o: sch.ReduceLROnPlateau(o)),
                        ("lambda", lambda o: sch.LambdaLR(o, lambda e: 0.9 ** e)),
                        ("onecycle", lambda o: sch.OneCycleLR(o, max_lr=0.1, total_steps=10)),
                        # CyclicLR is left out: torch 1.13 cannot pickle its state_dict
                        # (it holds a weakref.WeakMethod).
                        ("linear", lambda o: sch.LinearLR(o)),
                        ("constant", lambda o: sch.ConstantLR(o)),
                        ("poly", lambda o: sch.PolynomialLR(o) if hasattr(sch, "PolynomialLR")
                         else sch.StepLR(o, 1))):
        s = make(opt)
        opt.step()
        if sname == "plateau":
            s.step(1.0)
        else:
            s.step()
        sched_states[sname] = s.state_dict()
    out["optimizers"] = opt_states
    out["schedulers"] = sched_states
    # a richer whole-module checkpoint
    gf.seed_everything(0)
    big = nn.Sequential(nn.Conv1d(2, 2, 1), nn.Conv2d(1, 1, 1), nn.BatchNorm1d(2),
                        nn.LayerNorm(2), nn.Embedding(3, 2), nn.LSTM(2, 2), nn.GRU(2, 2),
                        nn.Dropout(0.1), nn.ReLU(), nn.GELU(), nn.Tanh(), nn.Sigmoid(),
                        nn.Softmax(dim=-1), nn.Flatten(), nn.Identity(),
                        nn.MultiheadAttention(4, 2),
                        nn.TransformerEncoderLayer(4, 2, dim_feedforward=4),
                        nn.ModuleList([nn.Linear(1, 1)]),
                        nn.ModuleDict({"a": nn.Linear(1, 1)}))
    out["module_rich"] = big
    out["module_rich_state"] = big.state_dict()
    return out


def torch_plain_pickle_objects():
    """Tensors/modules handed to plain pickle (not torch.save): common in joblib bundles."""
    import torch
    gf.seed_everything(0)
    return {"tensor": torch.randn(2, 3), "module": torch.nn.Linear(2, 1),
            "param": torch.nn.Parameter(torch.ones(2))}


# ----------------------------------------------------------------------------
# artifact collection
# ----------------------------------------------------------------------------

def collect():
    """Yield (source, artifact label, list of globals)."""
    warnings.simplefilter("ignore")
    # 1. every fixture of gen_fixtures (same builders, same protocols)
    for f in gf.fixtures():
        gf.seed_everything(0)
        yield f.source, f.name, globals_of_stream(f.produce())

    # 2. richer library builders, plain pickle
    groups = [("numpy", numpy_rich), ("pandas", pandas_rich), ("sklearn", sklearn_rich),
              ("xgboost", xgboost_rich)]
    built = {}
    for source, builder in groups:
        gf.seed_everything(0)
        objs = builder()
        built[source] = objs
        for key, obj in objs.items():
            for p in LIB_PROTOCOLS:
                yield source, "%s p%d" % (key, p), globals_of_stream(pickle.dumps(obj, p))

    # 3. joblib.dump (NumpyPickler) of what joblib users dump, recorded at write time
    jobs = [("sklearn", built["sklearn"]), ("numpy", built["numpy"]),
            ("pandas", built["pandas"]), ("xgboost", built["xgboost"]),
            ("bundle", {"bundle": gf.joblib_bundle()}),
            ("plain", {"plain": gf.plain_data(), "enum": gf.plain_enum()})]
    for label, objs in jobs:
        for key, obj in objs.items():
            yield "joblib", "joblib.dump %s/%s" % (label, key), joblib_dump_globals(obj)
    yield "joblib", "joblib.dump compressed", joblib_dump_globals(gf.joblib_bundle(), compress=3)
    yield "joblib", "joblib.dump protocol 2", joblib_dump_globals(gf.joblib_bundle(), protocol=2)

    # 4. torch.save (zip, and legacy non-zip) of the rich torch objects
    for key, obj in torch_rich().items():
        gf.seed_everything(0)
        yield "torch", "torch.save %s" % key, globals_of_torch_zip(gf.torch_zip_bytes(obj))
        yield "torch", "torch.save legacy %s" % key, globals_of_torch_legacy(
            gf.torch_zip_bytes(obj, _use_new_zipfile_serialization=False))
    for key, obj in torch_plain_pickle_objects().items():
        for p in LIB_PROTOCOLS:
            yield "torch", "pickle %s p%d" % (key, p), globals_of_stream(pickle.dumps(obj, p))

    # 5. TorchScript archives, every pickle member
    for label, data in torchscript_archives():
        yield "torch", label, globals_of_torchscript(data)

    # 5b. TorchScript archives the three generations' torch wrote
    # (scripts/gen_torchscript_fixtures.py, committed)
    ts_root = os.path.join(REPO, "tests", "fixtures", "torchscript")
    for suite in ("bookworm", "trixie", "sid"):
        folder = os.path.join(ts_root, suite)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
            with open(os.path.join(folder, name), "rb") as fh:
                yield "debian-" + suite, "torchscript %s/%s" % (suite, name), globals_of_torchscript(fh.read())

    # 7. what the libraries of the other Debian generations wrote: the globals
    # recorded by scripts/gen_generation_fixtures.py in each suite's chroot,
    # committed beside the fixtures (tests/fixtures/generations/SUITE).
    for suite, label, globs in generation_globals():
        yield "debian-" + suite, label, globs

    # 6. the legacy tar format's tensor records: (key, storage id, tensor type)
    for name, cls in legacy_tensor_types():
        yield "torch", "legacy tar tensor record %s" % name, globals_of_stream(pickle.dumps(("0", "1", cls), 2))


def generation_globals():
    """(suite, file, globals) from every committed GLOBALS.tsv; names as the
    unpickler resolves them (the Python 2 spellings of protocol < 3 mapped)."""
    root = os.path.join(REPO, "tests", "fixtures", "generations")
    for suite in sorted(os.listdir(root)):
        path = os.path.join(root, suite, "GLOBALS.tsv")
        if not os.path.exists(path):
            continue
        by_file = collections.defaultdict(set)
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 3 or fields[0] == "file" or fields[1].startswith("("):
                    continue
                by_file[fields[0]].add(map_py2_name(fields[1], fields[2], 2))
        for name in sorted(by_file):
            yield suite, name, sorted(by_file[name])
        # Everything the suite's libraries can pickle, recorded at write time
        # (scripts/gen_generation_catalogue.py); EXCLUDE rows are names the
        # generator found and deliberately does not trust (see the review file).
        path = os.path.join(root, suite, "CATALOGUE.tsv")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    fields = line.rstrip("\n").split("\t")
                    if len(fields) < 4 or fields[0] == "module" or fields[2] == "EXCLUDE":
                        continue
                    yield suite, "catalogue " + fields[3], [(fields[0], fields[1])]


def contract_reviewed(path=os.path.join(REPO, "data", "contracts.txt")):
    """Exact names of data/contracts.txt that are trusted: their contract is
    their review (a `dangerous` entry only describes a name)."""
    reviewed = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            body = line.split("#", 1)[0].strip()
            if not body or " -> " not in body:
                continue
            head, _, effects = body.partition(" -> ")
            module, _, rest = head.partition(" ")
            name = rest.split("(", 1)[0].strip()
            if name != "*" and "dangerous" not in [e.strip() for e in effects.split(";")]:
                reviewed.add((module, name))
    return reviewed


# ----------------------------------------------------------------------------
# review file, rendering
# ----------------------------------------------------------------------------

def read_review(path=REVIEW):
    excl = collections.OrderedDict()
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            body, _, why = line.partition("#")
            body = body.strip()
            if not body:
                continue
            parts = body.split(" ")
            if len(parts) != 2 or "*" in body:
                raise SystemExit("%s:%d: expected 'module qualname  # why'" % (path, lineno))
            excl[tuple(parts)] = why.strip()
    return excl


def derive():
    sources = collections.defaultdict(set)
    examples = {}
    for source, label, globs in collect():
        for g in globs:
            sources[g].add(source)
            examples.setdefault(g, label)
    for old, source, label in compat_names(sources):
        sources[old].add(source)
        examples.setdefault(old, label)
    return sources, examples


def compat_names(trusted):
    """Older spellings the loaders still resolve to trusted names:
    numpy 2's numpy.core -> numpy._core shim (both ways: files written by
    either generation load in the other), scikit-learn's pre-0.22 module
    names, and pandas' pickle-compat table (read_pickle maps pandas 0.x names
    such as pandas.tslib.Timestamp, and the spellings its retry asks
    find_class for, such as pandas.core.arrays.Categorical)."""
    found = []
    for module, name in list(trusted):
        for new, old in (("numpy._core", "numpy.core"), ("numpy.core", "numpy._core")):
            if module == new or module.startswith(new + "."):
                found.append(((old + module[len(new):], name), "numpy-core-shim", "%s.%s" % (module, name)))
    # scikit-learn 0.22 made its submodules private (linear_model/base.py
    # became _base.py, keeping the old names as aliases until 0.24): models
    # pickled before then import sklearn.linear_model.base.LinearRegression.
    for module, name in list(trusted):
        parts = module.split(".")
        if (parts[0] == "sklearn" and len(parts) == 3 and not parts[1].startswith("_") and parts[2].startswith("_")
                and not parts[2].startswith("__")):
            old = ".".join(parts[:2] + [parts[2][1:]])
            found.append(((old, name), "sklearn-0.22-rename", "%s.%s" % (module, name)))
    from pandas.compat.pickle_compat import _class_locations_map
    for (old_module, old_name), (new_module, new_name) in sorted(_class_locations_map.items()):
        try:
            obj = importlib.import_module(new_module)
            for part in new_name.split("."):
                obj = getattr(obj, part)
        except (ImportError, AttributeError):
            continue
        target = (getattr(obj, "__module__", new_module), getattr(obj, "__qualname__", new_name))
        if (new_module, new_name) in trusted or target in trusted:
            found.append(((old_module, old_name), "pandas-compat", "pandas pickle_compat -> %s.%s" % target))
            # read_pickle's retry asks find_class for the mapped spelling itself
            # (pandas.core.arrays.Categorical, a re-export of the trusted
            # pandas.core.arrays.categorical.Categorical): trusted as well.
            if (new_module, new_name) != target:
                found.append(((new_module, new_name), "pandas-compat", "pandas pickle_compat -> %s.%s" % target))
    return found


def is_risky(module, name):
    if (module, name) in REVIEWED_SAFE or (module, name) in CONTRACT_REVIEWED:
        return False
    top = module.split(".")[0]
    return (module in RISKY_MODULES or top in RISKY_MODULES
            or (module == "builtins" and name in RISKY_BUILTINS))


CONTRACT_REVIEWED = contract_reviewed()

HEADER = """\
# Sentinel trusted-globals allowlist (category PICKLE).
#
# One global per line: `module qualname` (exactly one space), optionally
# followed by two spaces and `# sources` naming the libraries whose real
# output referenced it. Exact names only: no wildcards, no prefixes.
# A pickle global outside this list (and outside a policy's trusted_globals)
# is reported as PICKLE-GLOBAL-IMPORT; dangerous callables are judged by the
# PICKLE-EXEC rule regardless of this list.
#
# GENERATED FILE - do not edit by hand. Derived statically (never unpickling)
# from artifacts written by the real libraries, minus the reviewed exclusions
# in data/allowlist-review.txt. Names are as CPython's unpickler resolves
# them (protocol < 3 Python-2 names mapped through _compat_pickle).
#
# Regenerate:  /usr/bin/python3 scripts/allowlist.py --write
# Verify:      /usr/bin/python3 scripts/allowlist.py --check
#
# Generated with: {versions}
"""


def render(sources):
    vers = ", ".join("%s %s" % kv for kv in gf.library_versions().items())
    lines = [HEADER.format(versions=vers)]
    for (mod, qn) in sorted(sources):
        lines.append("%s %s  # %s\n" % (mod, qn, ", ".join(sorted(sources[(mod, qn)]))))
    return "".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Derive data/allowlist.txt from real library output.")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true", help="rewrite data/allowlist.txt")
    g.add_argument("--check", action="store_true",
                   help="regenerate and diff against data/allowlist.txt (exit 1 on difference)")
    ap.add_argument("--verbose", action="store_true",
                    help="print, on stderr, the first artifact that referenced each global")
    args = ap.parse_args(argv)

    t0 = time.time()
    sources, examples = derive()
    excl = read_review()
    excluded_seen = sorted(k for k in sources if k in excl)
    for k in excluded_seen:
        del sources[k]

    bad = [k for k in sources if is_risky(*k) or "*" in k[0] or "*" in k[1] or not k[0] or not k[1]]
    if bad:
        for k in sorted(bad):
            print("UNREVIEWED RISKY GLOBAL %s %s (from %s): review it, then give it a contract in "
                  "data/contracts.txt or exclude it in %s"
                  % (k[0], k[1], examples[k], os.path.relpath(REVIEW, REPO)), file=sys.stderr)
        return 2
    if args.verbose:
        for k in sorted(sources):
            print("%s %s <- %s" % (k[0], k[1], examples[k]), file=sys.stderr)
        for k in excluded_seen:
            print("excluded %s %s <- %s" % (k[0], k[1], examples[k]), file=sys.stderr)

    text = render(sources)
    print("derived %d globals (%d reviewed exclusions emitted by the libraries: %s) in %.1fs"
          % (len(sources), len(excluded_seen),
             ", ".join("%s.%s" % k for k in excluded_seen) or "none", time.time() - t0),
          file=sys.stderr)

    if args.write:
        os.makedirs(os.path.dirname(ALLOWLIST), exist_ok=True)
        with open(ALLOWLIST, "w", encoding="utf-8") as fh:
            fh.write(text)
        print("wrote %s" % os.path.relpath(ALLOWLIST, REPO), file=sys.stderr)
        return 0
    if args.check:
        try:
            with open(ALLOWLIST, encoding="utf-8") as fh:
                current = fh.read()
        except FileNotFoundError:
            current = ""
        if current != text:
            sys.stdout.writelines(difflib.unified_diff(
                current.splitlines(True), text.splitlines(True),
                "data/allowlist.txt", "data/allowlist.txt (regenerated)"))
            print("allowlist is out of date: run scripts/allowlist.py --write", file=sys.stderr)
            return 1
        print("data/allowlist.txt is up to date", file=sys.stderr)
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
