#! expect PICKLE-EXEC builtins.open
#! loader joblib
# LONG with surrounding whitespace and an underscore, as int() takes it, after
# a FLOAT only pickle.py accepts.
FLOAT " 2.5 "
LONG " 1_0 "
POP
POP
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
