#! technique 30 billion laughs: 12 levels of 10 shared references through the memo
#! expect-not PICKLE-EXEC
# Each level is a list of ten references to the previous level (10^12 leaves
# if expanded). CPython builds it with shared references in a few KB; a
# scanner that copies values instead of sharing them exhausts memory. The
# scan must finish (no crash, no hang); nothing here executes.
# RAW "h\x00"*10 writes BINGET 0 ten times ('h' is BINGET).
PROTO 4
SHORT_BINUNICODE "lol"
MEMOIZE
POP
MARK
RAW "h\x00"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x01"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x02"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x03"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x04"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x05"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x06"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x07"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x08"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x09"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x0a"*10
LIST
MEMOIZE
POP
MARK
RAW "h\x0b"*10
LIST
STOP
