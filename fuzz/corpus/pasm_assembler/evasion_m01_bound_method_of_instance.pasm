#! expect PICKLE-EXEC method 'touch'
#! loader pickle torch joblib numpy pandas
# A bound method reached by getattr on an instance, then called:
#   getattr(pathlib.PosixPath(MARKER), 'touch')()
# The callee is not an imported global: it is an attribute of a call result.
PROTO 2
GLOBAL "builtins" "getattr"
GLOBAL "pathlib" "PosixPath"
BINUNICODE "MARKER"
TUPLE1
REDUCE
BINUNICODE "touch"
TUPLE2
REDUCE
EMPTY_TUPLE
REDUCE
STOP
