# A wildcard import and a syntax error: the call is still found.
from pickle import *

def broken(:
    pass

value = loads(b"...")  # expect: PICKLE-SRC-UNSAFE-LOAD pickle.loads
