#! technique 58 ctypes dotted name cdll.LoadLibrary
#! expect PICKLE-EXEC ctypes.cdll.LoadLibrary
# ctypes.cdll.LoadLibrary(path) loads a library without naming CDLL.
PROTO 4
SHORT_BINUNICODE "ctypes"
SHORT_BINUNICODE "cdll.LoadLibrary"
STACK_GLOBAL
SHORT_BINUNICODE "libc.so.6"
TUPLE1
REDUCE
STOP
