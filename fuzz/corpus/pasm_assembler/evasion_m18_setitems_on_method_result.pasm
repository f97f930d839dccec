#! expect PICKLE-EXEC adds items to
# SETITEM on something whose class cannot be known: its __setitem__ runs.
PROTO 2
GLOBAL "builtins" "getattr"
GLOBAL "collections" "OrderedDict"
EMPTY_TUPLE
REDUCE
BINUNICODE "copy"
TUPLE2
REDUCE
EMPTY_TUPLE
REDUCE
BINUNICODE "k"
BINUNICODE "v"
SETITEM
STOP
