#! expect PICKLE-EXEC builtins.open
#! loader pickle pandas
# The variation: a NUL first. strtol converts nothing and stops at the NUL: 0.
RAW hex"49 00 31 0a"
POP
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
