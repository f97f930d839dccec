#! technique 11 broken pickle: payload first, then a REDUCE on an empty stack
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
PROTO 2
GLOBAL "os" "system"
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
POP
REDUCE
STOP
