#! technique 64 cloudpickle _builtin_type("CodeType") + _make_function
#! expect PICKLE-EXEC cloudpickle.cloudpickle._builtin_type
#! expect PICKLE-EXEC cloudpickle.cloudpickle._make_function
#! expect PICKLE-STRUCT
# How cloudpickle serialises a lambda: the code object is rebuilt by calling
# _builtin_type("CodeType") (a call result) with raw code fields, then wrapped
# by _make_function. Abbreviated field values; the shape is what matters
# (modelscan cloudpickle/dill false-negative PoC).
PROTO 5
SHORT_BINUNICODE "cloudpickle.cloudpickle"
SHORT_BINUNICODE "_make_function"
STACK_GLOBAL
MARK
SHORT_BINUNICODE "cloudpickle.cloudpickle"
SHORT_BINUNICODE "_builtin_type"
STACK_GLOBAL
SHORT_BINUNICODE "CodeType"
TUPLE1
REDUCE
MARK
BININT1 0
BININT1 0
BININT1 0
BININT1 0
BININT1 2
BININT1 3
SHORT_BINBYTES hex"97 00 64 01 53 00"
MARK
NONE
SHORT_BINUNICODE "import os; os.system('id')"
TUPLE
EMPTY_TUPLE
EMPTY_TUPLE
SHORT_BINUNICODE "<lambda>"
SHORT_BINUNICODE "<lambda>"
SHORT_BINUNICODE "<lambda>"
BININT1 1
SHORT_BINBYTES ""
SHORT_BINBYTES ""
EMPTY_TUPLE
EMPTY_TUPLE
TUPLE
REDUCE
EMPTY_DICT
NONE
NONE
NONE
TUPLE
REDUCE
STOP
