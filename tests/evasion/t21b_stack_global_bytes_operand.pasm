#! technique 21 STACK_GLOBAL module operand is bytes, after a real payload
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# HF anky89/global1 bytes_conf.pkl: SHORT_BINBYTES b'os' as the module operand.
PROTO 4
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
POP
# the confusing STACK_GLOBAL: CPython raises "STACK_GLOBAL requires str" here
SHORT_BINBYTES "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
STOP
