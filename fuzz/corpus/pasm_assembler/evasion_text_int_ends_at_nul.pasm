#! expect PICKLE-EXEC builtins.open
#! loader pickle torch numpy pandas
# _pickle.c reads an INT line up to a NUL (strtol stops there): I7\0junk is 7.
RAW hex"49 37 00 6a 75 6e 6b 0a"
POP
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
