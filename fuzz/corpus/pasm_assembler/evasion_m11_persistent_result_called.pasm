#! expect PICKLE-EXEC persistent_load
# Whatever a loader's persistent_load returns, calling it is not data.
PROTO 2
BINUNICODE "handler"
BINPERSID
EMPTY_TUPLE
REDUCE
STOP
