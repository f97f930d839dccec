#! technique 21 STACK_GLOBAL operand is an int, after a real payload
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# modelscan #338 5b: a scanner that string-processes operands raises
# TypeError and drops the os.system it had already seen.
PROTO 4
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
POP
# the confusing STACK_GLOBAL: CPython raises "STACK_GLOBAL requires str" here
BININT 42
SHORT_BINUNICODE "system"
STACK_GLOBAL
STOP
