#! expect PICKLE-EXEC builtins.open
#! loader pickle
# PUT: int(text, 10) of the text before the NUL; the GET finds the slot.
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
RAW hex"70 31 00 00 0a"
POP
GET "1"
STOP
