#! expect PICKLE-EXEC builtins.open
#! loader pickle torch
# LONG: PyLong_FromString of the NUL-terminated copy stops at the NUL.
RAW hex"4c 31 32 00 78 4c 0a"
POP
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
