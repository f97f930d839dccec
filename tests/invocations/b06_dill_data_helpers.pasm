#! expect-clean
# BENIGN. dill's helpers for plain data: an array rebuilt by
# _create_array(_reconstruct, (ndarray, (0,), b'b'), state, {}) and a builtin
# class by name (_load_type('NoneType')).
PROTO 2
GLOBAL "dill._dill" "_create_array"
MARK
GLOBAL "numpy.core.multiarray" "_reconstruct"
GLOBAL "numpy" "ndarray"
BININT1 0
TUPLE1
SHORT_BINBYTES "b"
TUPLE3
NONE
EMPTY_DICT
TUPLE
REDUCE
GLOBAL "dill._dill" "_load_type"
BINUNICODE "NoneType"
TUPLE1
REDUCE
TUPLE2
STOP
