#! technique 19 STACK_GLOBAL with SHORT_BINSTRING / BINSTRING operands
#! expect PICKLE-EXEC builtins.eval
# The byte-string opcodes decode to str (ASCII) in Python 3, so they are valid
# STACK_GLOBAL operands.
PROTO 2
SHORT_BINSTRING "builtins"
BINSTRING "eval"
STACK_GLOBAL
SHORT_BINSTRING "__import__('os').system('id')"
TUPLE1
REDUCE
STOP
