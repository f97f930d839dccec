#! expect PICKLE-EXEC method 'joinpath'
#! expect PICKLE-EXEC attribute 'touch'
#! loader pickle joblib
# getattr on what a bound method returned:
#   getattr(getattr(PosixPath('/'), 'joinpath')(MARKER), 'touch')()
PROTO 2
GLOBAL "builtins" "getattr"
GLOBAL "builtins" "getattr"
GLOBAL "pathlib" "PosixPath"
BINUNICODE "/"
TUPLE1
REDUCE
BINUNICODE "joinpath"
TUPLE2
REDUCE
BINUNICODE "MARKER"
TUPLE1
REDUCE
BINUNICODE "touch"
TUPLE2
REDUCE
EMPTY_TUPLE
REDUCE
STOP
