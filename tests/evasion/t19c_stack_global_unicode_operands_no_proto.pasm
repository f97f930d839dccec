#! technique 19 STACK_GLOBAL operands at opcode #0 and #1 in a stream without PROTO
#! expect PICKLE-EXEC builtins.eval
# modelscan still searches range(1, n) (verified: error only, 0 issues).
SHORT_BINUNICODE "builtins"
SHORT_BINUNICODE "eval"
STACK_GLOBAL
SHORT_BINUNICODE "__import__('os').system('id')"
TUPLE1
REDUCE
STOP
