#! technique 64 marshal.loads(code bytes) + types.FunctionType(code, {})()
#! expect PICKLE-EXEC marshal.loads
#! expect PICKLE-EXEC types.FunctionType
#! expect PICKLE-STRUCT
# fickling GHSA-565g-hwwr-4pp3 / CVE-2025-67747 test_missing_marshal_and_types.
# The bytes are marshal.dumps(compile("import os; os.system('id')", ...)) from
# CPython 3.11. The final REDUCE calls the built function (reducer chain).
PROTO 4
SHORT_BINUNICODE "marshal"
SHORT_BINUNICODE "loads"
STACK_GLOBAL
MEMOIZE
BINGET 0
SHORT_BINBYTES hex"e3 00 00 00 00 00 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00 f3 2e 00 00 00 97 00 64 00 64 01 6c 00 5a 00 02 00 65 00 6a 01 00 00 00 00 00 00 00 00 64 02 a6 01 00 00 ab 01 00 00 00 00 00 00 00 00 01 00 64 01 53 00 29 03 e9 00 00 00 00 4e da 02 69 64 29 02 da 02 6f 73 da 06 73 79 73 74 65 6d a9 00 f3 00 00 00 00 fa 08 3c 70 69 63 6b 6c 65 3e fa 08 3c 6d 6f 64 75 6c 65 3e 72 09 00 00 00 01 00 00 00 73 20 00 00 00 f0 03 01 01 01 d8 00 09 80 09 80 09 80 09 88 39 88 32 8c 39 90 54 89 3f 8c 3f 88 3f 88 3f 88 3f 72 07 00 00 00"
TUPLE1
REDUCE
MEMOIZE
SHORT_BINUNICODE "types"
SHORT_BINUNICODE "FunctionType"
STACK_GLOBAL
MEMOIZE
BINGET 2
BINGET 1
EMPTY_DICT
TUPLE2
REDUCE
MEMOIZE
BINGET 3
EMPTY_TUPLE
REDUCE
STOP
