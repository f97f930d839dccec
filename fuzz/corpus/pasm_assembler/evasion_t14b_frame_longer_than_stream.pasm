#! technique 14 frame length lie: the last FRAME declares far more bytes than remain
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# An honest first frame carries the payload; the second frame claims 65536
# bytes and only 2 follow. pickle.py raises "pickle exhausted before end of
# frame" after os.system already ran.
PROTO 4
FRAME 20
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
POP
FRAME 65536
NONE
STOP
