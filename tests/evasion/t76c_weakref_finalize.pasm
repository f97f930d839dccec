#! technique 76 weakref.finalize(obj, os.system, "id") runs at collection or exit
#! expect PICKLE-EXEC weakref.finalize
#! expect PICKLE-EXEC os.system
PROTO 4
SHORT_BINUNICODE "weakref"
SHORT_BINUNICODE "finalize"
STACK_GLOBAL
SHORT_BINUNICODE "builtins"
SHORT_BINUNICODE "set"
STACK_GLOBAL
EMPTY_TUPLE
REDUCE
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE3
REDUCE
STOP
