#! technique 53 InteractiveInterpreter() then getattr(obj, "runsource")(code)
#! expect PICKLE-EXEC code.InteractiveInterpreter
#! expect PICKLE-EXEC builtins.getattr
#! expect PICKLE-STRUCT
# fickling GHSA-q5qq-mvfm-j35x test_missing_code: a bound method obtained via
# getattr on a freshly built interpreter; the last REDUCE calls a call result.
PROTO 5
SHORT_BINUNICODE "builtins"
MEMOIZE
SHORT_BINUNICODE "getattr"
MEMOIZE
STACK_GLOBAL
MEMOIZE
SHORT_BINUNICODE "code"
MEMOIZE
SHORT_BINUNICODE "InteractiveInterpreter"
MEMOIZE
STACK_GLOBAL
MEMOIZE
EMPTY_TUPLE
MEMOIZE
REDUCE
MEMOIZE
SHORT_BINUNICODE "runsource"
MEMOIZE
TUPLE2
MEMOIZE
REDUCE
MEMOIZE
SHORT_BINUNICODE "import os; os.system(\"id\")"
MEMOIZE
TUPLE1
MEMOIZE
REDUCE
MEMOIZE
STOP
