#! technique 24 NEWOBJ of subprocess.Popen whose result is POPped
#! expect PICKLE-EXEC subprocess.Popen
# NEWOBJ only calls cls.__new__, but importing subprocess.Popen is already
# the dangerous resolution; every call-producing opcode must be recorded.
PROTO 4
SHORT_BINUNICODE "subprocess"
SHORT_BINUNICODE "Popen"
STACK_GLOBAL
EMPTY_LIST
SHORT_BINUNICODE "id"
APPEND
TUPLE1
NEWOBJ
POP
NONE
STOP
