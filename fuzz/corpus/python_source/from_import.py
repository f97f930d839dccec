from torch import load
w = load("m.pt", weights_only=False)
