#! technique 30 2^62-byte BINUNICODE8 length after the payload (must not allocate)
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
PROTO 4
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
POP
BINUNICODE8 len=0x4000000000000000 "x"
