#! technique 75 allowlisted-module gadget: numpy.size + numpy.__builtins__
#! expect PICKLE-EXEC numpy.__builtins__
#! expect PICKLE-STRUCT
# modelscan #330: BUILD sets numpy.size.shape = numpy.__builtins__ (the
# builtins dict); numpy.size(numpy.size, "eval") returns a.shape["eval"],
# i.e. builtins.eval, which the last REDUCE (a reducer chain) calls.
PROTO 4
SHORT_BINUNICODE "numpy"
SHORT_BINUNICODE "size"
STACK_GLOBAL
MEMOIZE
EMPTY_DICT
SHORT_BINUNICODE "shape"
SHORT_BINUNICODE "numpy"
SHORT_BINUNICODE "__builtins__"
STACK_GLOBAL
SETITEM
BUILD
BINGET 0
SHORT_BINUNICODE "eval"
TUPLE2
REDUCE
SHORT_BINUNICODE "__import__('os').system('id')"
TUPLE1
REDUCE
STOP
