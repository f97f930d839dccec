import pickle as pk
x = pk.loads(b"")
