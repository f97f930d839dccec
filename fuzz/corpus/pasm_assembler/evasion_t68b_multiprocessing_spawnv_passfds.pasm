#! technique 68 multiprocessing.util.spawnv_passfds spawns /bin/sh
#! expect PICKLE-EXEC multiprocessing.util.spawnv_passfds
# fickling test_missing_multiprocessing: (b"/bin/sh", [b"/bin/sh", b"-c",
# b"id"], ()).
PROTO 5
FRAME 74
SHORT_BINUNICODE "multiprocessing.util"
MEMOIZE
SHORT_BINUNICODE "spawnv_passfds"
MEMOIZE
STACK_GLOBAL
MEMOIZE
SHORT_BINBYTES "/bin/sh"
MEMOIZE
EMPTY_LIST
MEMOIZE
MARK
BINGET 3
SHORT_BINBYTES "-c"
MEMOIZE
SHORT_BINBYTES "id"
MEMOIZE
APPENDS
EMPTY_TUPLE
TUPLE3
MEMOIZE
REDUCE
MEMOIZE
STOP
