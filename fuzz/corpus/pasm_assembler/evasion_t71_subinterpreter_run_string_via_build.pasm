#! technique 71 _xxsubinterpreters.create + run_string, routed through BUILD state
#! expect PICKLE-EXEC _xxsubinterpreters.run_string
#! expect PICKLE-EXEC _xxsubinterpreters.create
# fickling GHSA-6ggj-6f2q-f7mx: the calls sit inside the state dict of a
# harmless Exception's BUILD, so an "unused variable" analysis never sees a
# top-level call.
PROTO 4
SHORT_BINUNICODE "builtins"
SHORT_BINUNICODE "Exception"
STACK_GLOBAL
EMPTY_TUPLE
REDUCE
EMPTY_DICT
SHORT_BINUNICODE "x"
SHORT_BINUNICODE "_xxsubinterpreters"
SHORT_BINUNICODE "run_string"
STACK_GLOBAL
SHORT_BINUNICODE "_xxsubinterpreters"
SHORT_BINUNICODE "create"
STACK_GLOBAL
EMPTY_TUPLE
REDUCE
SHORT_BINUNICODE "import os; os.system('id')"
TUPLE2
REDUCE
SETITEM
BUILD
STOP
