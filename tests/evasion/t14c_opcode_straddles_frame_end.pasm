#! technique 14 frame boundary cuts an opcode argument in two
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# FRAME 5 ends inside the second SHORT_BINUNICODE (after its opcode byte).
# pickle.py refuses ("pickle exhausted before end of frame"); the C unpickler
# only checks that 5 bytes are available and reads on across the boundary, so
# the call runs. A clean pickler never splits an opcode across frames.
PROTO 4
FRAME 5
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
