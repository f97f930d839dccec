#! expect PICKLE-EXEC builtins.open
#! loader joblib
# The variation: 1e999 is an OverflowError in _pickle.c and inf in float().
FLOAT "1e999"
POP
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
