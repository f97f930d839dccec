#! expect PICKLE-EXEC opens the file
#! loader pickle joblib
# The callable comes back from the memo after the stack forgot it.
PROTO 2
GLOBAL "functools" "partial"
GLOBAL "numpy" "memmap"
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
BINPUT 7
POP
BINGET 7
EMPTY_TUPLE
REDUCE
STOP
