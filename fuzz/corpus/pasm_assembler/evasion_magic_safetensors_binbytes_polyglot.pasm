#! expect PICKLE-EXEC builtins.open
#! loader pickle
# A safetensors header length (u64 0x1042) whose first byte is BINBYTES: its
# 16 bytes take the rest of the length and the start of the JSON header, and
# what follows runs. The file passes the safetensors magic check.
RAW hex"42 10 00 00 00 00 00 00"
RAW "{\"a\":\"x\"}    "
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
FILL 0x20 4200
