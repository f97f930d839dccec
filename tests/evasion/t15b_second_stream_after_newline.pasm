#! technique 15 benign pickle, newline separator, payload pickle
#! expect PICKLE-EXEC os.system
#! expect PICKLE-STRUCT
# Separator variant: a single newline between the streams.
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
# separator: "\n"
RAW "\n"
# stream 2: the payload
PROTO 4
SHORT_BINUNICODE "os"
SHORT_BINUNICODE "system"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
