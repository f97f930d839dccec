#! technique 15 benign pickle, text junk, protocol 0 payload (no \x80 to resync on)
#! expect PICKLE-EXEC builtins.exec
#! expect PICKLE-STRUCT
# Scanners that skip junk by searching for the next \x80[\x02-\x05] never
# find a protocol 0 stream.
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
# separator: a line of text (its bytes are not a valid pickle)
RAW "\n== model card ==\n"
# stream 2: the payload
GLOBAL "__builtin__" "exec"
MARK
UNICODE "import os; os.system('id')"
TUPLE
REDUCE
STOP
