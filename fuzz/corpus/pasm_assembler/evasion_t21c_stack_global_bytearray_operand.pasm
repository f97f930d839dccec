#! technique 21 STACK_GLOBAL name operand is a bytearray, after a real payload
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# HF anky89/global1 unhash_byte.pkl: bytearray is unhashable, so scanners
# that put operands in a set or dict crash.
PROTO 5
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
POP
# the confusing STACK_GLOBAL: CPython raises "STACK_GLOBAL requires str" here
SHORT_BINUNICODE "os"
BYTEARRAY8 "system"
STACK_GLOBAL
STOP
