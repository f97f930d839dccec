#! expect-clean
#! loader pickle joblib pandas
# BENIGN. pickle.dumps(numpy.memmap) at protocol 2: memmap is the subtype
# numpy's reconstructor passes to ndarray.__new__; no file is opened.
PROTO 2
GLOBAL "numpy.core.multiarray" "_reconstruct"
GLOBAL "numpy" "memmap"
BININT1 0
TUPLE1
SHORT_BINBYTES "b"
TUPLE3
REDUCE
MARK
BININT1 1
BININT1 2
TUPLE1
GLOBAL "numpy" "dtype"
BINUNICODE "f4"
NEWFALSE
NEWTRUE
TUPLE3
REDUCE
MARK
BININT1 3
BINUNICODE "<"
NONE
NONE
NONE
BININT -1
BININT -1
BININT1 0
TUPLE
BUILD
NEWFALSE
SHORT_BINBYTES "\0\0\0\0\0\0\0\0"
TUPLE
BUILD
STOP
