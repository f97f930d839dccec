#! expect-clean
#! loader pickle joblib pandas
# BENIGN. dill's helpers for plain data: an array rebuilt by
# _create_array(_reconstruct, (memmap, (0,), b"b"), state, {}) (dill uses it for array subclasses)
# with the state numpy writes for an empty int8 array and a builtin
# class by name (_load_type('NoneType')).
PROTO 2
GLOBAL "dill._dill" "_create_array"
MARK
GLOBAL "numpy.core.multiarray" "_reconstruct"
GLOBAL "numpy" "memmap"
BININT1 0
TUPLE1
SHORT_BINBYTES "b"
TUPLE3
MARK
BININT1 1
BININT1 0
TUPLE1
GLOBAL "numpy" "dtype"
BINUNICODE "i1"
NEWFALSE
NEWTRUE
TUPLE3
REDUCE
MARK
BININT1 3
BINUNICODE "|"
NONE
NONE
NONE
BININT -1
BININT -1
BININT1 0
TUPLE
BUILD
NEWFALSE
SHORT_BINBYTES ""
TUPLE
EMPTY_DICT
TUPLE
REDUCE
GLOBAL "dill._dill" "_load_type"
BINUNICODE "NoneType"
TUPLE1
REDUCE
TUPLE2
STOP
