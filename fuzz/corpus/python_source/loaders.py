# Unsafe loads through imports and aliases; an expect comment names the sink on each reported line.
import pickle as pk
from pickle import loads as L
import torch, numpy as np
import torch.serialization
from joblib import load
import pandas

def handler(data, path):
    a = pk.loads(data)  # expect: PICKLE-SRC-UNSAFE-LOAD pickle.loads
    b = L(data)  # expect: PICKLE-SRC-UNSAFE-LOAD pickle.loads
    c = torch.load(path)  # expect: PICKLE-SRC-UNSAFE-LOAD torch.load
    d = torch.load(path, weights_only=True)
    e = torch.load(path, weights_only=False)  # expect: PICKLE-SRC-UNSAFE-LOAD torch.load
    f = np.load(path)
    g = np.load(path, allow_pickle=True)  # expect: PICKLE-SRC-UNSAFE-LOAD numpy.load
    h = load(path)  # expect: PICKLE-SRC-UNSAFE-LOAD joblib.load
    u = pk.Unpickler(open(path, "rb"))
    i = u.load()  # expect: PICKLE-SRC-UNSAFE-LOAD pickle.Unpickler.load
    j = pk.Unpickler(open(path, "rb")).load()  # expect: PICKLE-SRC-UNSAFE-LOAD pickle.Unpickler.load
    k = torch.serialization.load(path)  # expect: PICKLE-SRC-UNSAFE-LOAD torch.serialization.load
    l = pandas.read_pickle(path)  # expect: PICKLE-SRC-UNSAFE-LOAD pandas.read_pickle
    m = pk.dumps(a)
    loader = pk.loads
    n = loader(data)  # expect: PICKLE-SRC-UNSAFE-LOAD pickle.loads
    # pickle.loads(data) in a comment
    s = "pickle.loads(data)"
