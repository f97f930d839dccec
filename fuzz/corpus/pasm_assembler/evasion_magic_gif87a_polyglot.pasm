#! expect PICKLE-EXEC builtins.open
#! loader pickle
# The other GIF magic: the same BINFLOAT reading.
RAW "GIF87a"
RAW hex"01 02 03"
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
