#! technique 53 code.InteractiveInterpreter.runcode exec()s its argument
#! expect PICKLE-EXEC code.InteractiveInterpreter.runcode
# picklescan GHSA-cj3c-v495-4xqh.
PROTO 4
SHORT_BINUNICODE "code"
SHORT_BINUNICODE "InteractiveInterpreter.runcode"
STACK_GLOBAL
EMPTY_DICT
SHORT_BINUNICODE "import os; os.system('id')"
TUPLE2
REDUCE
STOP
