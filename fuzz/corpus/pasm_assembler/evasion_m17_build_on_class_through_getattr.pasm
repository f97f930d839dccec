#! expect PICKLE-EXEC BUILD sets attributes on the imported global
# BUILD on a class reached through getattr rewrites the class for the process.
PROTO 2
GLOBAL "builtins" "getattr"
GLOBAL "torch.nn.modules.linear" "Linear"
BINUNICODE "forward"
TUPLE2
REDUCE
EMPTY_DICT
BINUNICODE "x"
BININT1 1
SETITEM
BUILD
STOP
