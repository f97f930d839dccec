#! expect PICKLE-EXEC builtins.open
#! loader joblib
# float() accepts underscores between digits; PyOS_string_to_double does not.
# _pickle.c raises, pickle._Unpickler (joblib) reads on.
FLOAT "1_0.5"
POP
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
