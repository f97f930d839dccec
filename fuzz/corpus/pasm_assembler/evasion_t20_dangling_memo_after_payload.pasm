#! technique 20 crash the scanner after the payload: BINGET of a memo slot never written
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# picklescan tests/data2/keyerror-exploit.pkl: os.system runs first; BINGET 3
# then fails (slot 3 was never set). Results gathered before the error must
# survive.
PROTO 4
GLOBAL "os" "system"
UNICODE "cmd"
TUPLE1
REDUCE
POP
SHORT_BINUNICODE "os"
MEMOIZE
BINGET 3
BINGET 0
STACK_GLOBAL
BININT1 0x42
STOP
