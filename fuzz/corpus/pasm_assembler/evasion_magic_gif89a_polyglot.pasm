#! expect PICKLE-EXEC builtins.open
#! loader pickle torch
# "GIF89a" is BINFLOAT to pickle.load: it takes "IF89a" and three more bytes,
# then reads on. The GIF magic must not excuse the file from the pickle reading.
RAW "GIF89a\0\0\0"
PROTO 2
GLOBAL "builtins" "open"
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
