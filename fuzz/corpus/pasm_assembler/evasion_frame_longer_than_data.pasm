#! expect PICKLE-EXEC builtins.open
#! loader joblib
# A leading FRAME longer than the file: _pickle.c refuses to read it,
# pickle._Unpickler reads the frame as far as the data goes.
PROTO 4
FRAME 4096
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
