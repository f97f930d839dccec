#! expect PICKLE-EXEC builds a new class
# type(name, bases, namespace) creates a class at load time.
PROTO 2
GLOBAL "builtins" "type"
BINUNICODE "X"
GLOBAL "collections" "OrderedDict"
TUPLE1
EMPTY_DICT
TUPLE3
REDUCE
EMPTY_TUPLE
REDUCE
STOP
