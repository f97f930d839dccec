#! technique 30 100000 nested MARKs after the payload (stack-depth limits)
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# A limit reached after the payload must not discard the payload finding.
PROTO 4
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
FILL 0x28 100000
STOP
