#! technique 25 builtins blindness: __import__ + getattr dispatch
#! expect PICKLE-EXEC builtins.__import__
#! expect PICKLE-EXEC builtins.getattr
#! expect PICKLE-STRUCT
# fickling GHSA-h4rm-mm56-xf63 (CVE-2026-22612) test_builtins_import_bypass:
# __import__('os') -> getattr(os, 'system') -> call. The last REDUCE calls the
# result of an earlier call (fetched through the memo): a reducer chain.
GLOBAL "builtins" "__import__"
STRING "'os'"
TUPLE1
REDUCE
PUT "0"
POP
GLOBAL "builtins" "getattr"
GET "0"
STRING "'system'"
TUPLE2
REDUCE
PUT "1"
POP
GET "1"
STRING "'whoami'"
TUPLE1
REDUCE
STOP
