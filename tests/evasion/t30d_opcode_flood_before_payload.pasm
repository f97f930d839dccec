#! technique 30 400000 no-op opcodes (DUP/POP pairs) before the payload
#! expect PICKLE-EXEC os.system
# RAW "20"*200000 writes DUP POP two hundred thousand times: stack depth stays
# at two, but opcode-count heuristics see a flood. The payload comes after it.
PROTO 4
NONE
RAW "20"*200000
POP
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
