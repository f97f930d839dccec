#! technique 17 MEMOIZE/BINGET operands with decoys pushed and popped just before STACK_GLOBAL
#! expect PICKLE-EXEC builtins.eval
PROTO 4
SHORT_BINUNICODE "builtins"
MEMOIZE
POP
SHORT_BINUNICODE "eval"
MEMOIZE
POP
SHORT_BINUNICODE "collections"
SHORT_BINUNICODE "OrderedDict"
POP
POP
BINGET 0
BINGET 1
STACK_GLOBAL
SHORT_BINUNICODE "__import__('os').system('id')"
TUPLE1
REDUCE
STOP
