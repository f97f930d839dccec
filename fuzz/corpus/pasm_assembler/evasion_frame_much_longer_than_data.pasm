#! expect PICKLE-EXEC builtins.open
#! loader joblib
# The variation: a FRAME 64 KiB long over a short stream that imports with STACK_GLOBAL.
PROTO 4
FRAME 65537
SHORT_BINUNICODE "builtins"
SHORT_BINUNICODE "open"
STACK_GLOBAL
BINUNICODE "MARKER"
BINUNICODE "w"
TUPLE2
REDUCE
STOP
