#! expect PICKLE-EXEC builtins.open
#! loader pickle
# The variation: BINSTRING (0x54) as the first length byte, 8 bytes long.
RAW hex"54 08 00 00 00 00 00 00"
RAW "{\"b\":"
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
FILL 0x20 2200
