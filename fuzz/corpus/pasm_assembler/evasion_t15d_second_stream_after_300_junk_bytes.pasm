#! technique 15 benign pickle, 300 junk bytes, payload pickle
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# More junk than ModelAudit's 256-byte resync window; 0xee is not an opcode.
# stream 1: benign pickle.dumps({'a': [1, 2.5, 'x'], 'b': (True, None)}, 4)
PROTO 4
FRAME 36
EMPTY_DICT
MEMOIZE
MARK
SHORT_BINUNICODE "a"
MEMOIZE
EMPTY_LIST
MEMOIZE
MARK
BININT1 1
BINFLOAT 2.5
SHORT_BINUNICODE "x"
MEMOIZE
APPENDS
SHORT_BINUNICODE "b"
MEMOIZE
NEWTRUE
NONE
TUPLE2
MEMOIZE
SETITEMS
STOP
# separator: 300 bytes of 0xee
FILL 0xee 300
# stream 2: the payload
PROTO 4
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
