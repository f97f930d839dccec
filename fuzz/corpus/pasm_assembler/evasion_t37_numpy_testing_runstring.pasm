#! technique 37 numpy.testing._private.utils.runstring exec()s a string
#! expect PICKLE-EXEC numpy.testing._private.utils.runstring
# picklescan CVE-2025-71355.
PROTO 4
SHORT_BINUNICODE "numpy.testing._private.utils"
SHORT_BINUNICODE "runstring"
STACK_GLOBAL
SHORT_BINUNICODE "import os; os.system('id')"
EMPTY_DICT
TUPLE2
REDUCE
STOP
