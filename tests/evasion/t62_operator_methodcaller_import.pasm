#! technique 62 _operator.methodcaller("system", "echo pwned")(__import__("os"))
#! expect PICKLE-EXEC _operator.methodcaller
#! expect PICKLE-EXEC builtins.__import__
#! expect PICKLE-STRUCT
# picklescan GHSA-955r-x9j8-7rhh: the C module spelling _operator.
PROTO 4
SHORT_BINUNICODE "_operator"
SHORT_BINUNICODE "methodcaller"
STACK_GLOBAL
SHORT_BINUNICODE "system"
SHORT_BINUNICODE "echo pwned"
TUPLE2
REDUCE
SHORT_BINUNICODE "builtins"
SHORT_BINUNICODE "__import__"
STACK_GLOBAL
SHORT_BINUNICODE "os"
TUPLE1
REDUCE
TUPLE1
REDUCE
STOP
