#! expect PICKLE-EXEC builtins.open
#! loader pickle numpy
# FLOAT: PyOS_string_to_double stops at a NUL, which _pickle.c accepts as the end.
RAW hex"46 31 2e 35 00 7a 7a 0a"
POP
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
