#! technique 14 frame boundary cuts an opcode argument in two
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# FRAME 3 ends inside the argument of the first SHORT_BINUNICODE, between
# "o" and "s". pickle.py refuses ("pickle exhausted before end of frame"); the
# C unpickler only checks that 3 bytes are available and reads on across the
# boundary, so the call runs. A clean pickler never splits an opcode across
# frames.
PROTO 4
FRAME 3
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
