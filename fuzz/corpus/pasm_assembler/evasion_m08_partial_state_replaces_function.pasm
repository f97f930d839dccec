#! expect PICKLE-EXEC opens the file
#! expect PICKLE-EXEC through functools.partial
#! loader pickle torch joblib numpy pandas
# A partial of a harmless trusted function, whose BUILD state (func, args,
# kwds, dict) replaces the function with numpy.memmap; then it is called.
PROTO 2
GLOBAL "functools" "partial"
GLOBAL "torch.nn.functional" "relu"
TUPLE1
REDUCE
MARK
GLOBAL "numpy" "memmap"
BINUNICODE "MARKER"
TUPLE1
EMPTY_DICT
BINUNICODE "mode"
BINUNICODE "w+"
SETITEM
BINUNICODE "shape"
BININT1 1
TUPLE1
SETITEM
NONE
TUPLE
BUILD
EMPTY_TUPLE
REDUCE
STOP
