#! expect-clean
# BENIGN. Data strings that look like payloads ("cos\nsystem\n", "posix",
# "system", "__import__('os')") but are only ever data: no GLOBAL, no
# STACK_GLOBAL, no call. Byte-grepping scanners flag this; an emulator must not.
PROTO 4
FRAME 82
EMPTY_DICT
MEMOIZE
MARK
SHORT_BINUNICODE "doc"
MEMOIZE
SHORT_BINUNICODE "cos\nsystem\n(S'id'\ntR."
MEMOIZE
SHORT_BINUNICODE "names"
MEMOIZE
MARK
SHORT_BINUNICODE "posix"
MEMOIZE
SHORT_BINUNICODE "system"
MEMOIZE
SHORT_BINUNICODE "__import__('os')"
MEMOIZE
TUPLE
MEMOIZE
SETITEMS
STOP
