# Safe look-alikes: nothing here may be reported.
import json
import pickle
import torch
import numpy as np
from safetensors.torch import load_file


def load(path):  # an unrelated function named load
    with open(path) as fh:
        return json.load(fh)


class Store:
    def load(self, key):
        return key


def main(path, blob):
    weights = torch.load(path, weights_only=True)
    arr = np.load(path)
    arr2 = np.load(path, allow_pickle=False)
    tensors = load_file(path)
    data = pickle.dumps({"a": 1})
    cfg = load(path)
    item = Store().load("k")
    text = "pickle.loads(blob)"  # a mention in a string
    # torch.load(path) in a comment
    return weights, arr, arr2, tensors, data, cfg, item, text
