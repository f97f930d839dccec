import pickle
u = pickle.Unpickler(open("f", "rb"))
u.load()
