#! technique 24 OBJ call of os.system whose result is POPped
#! expect PICKLE-EXEC os.system
PROTO 4
MARK
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
OBJ
POP
NONE
STOP
