#! technique 39 Python 2 commands.getoutput at protocol 4 (no mapping)
#! expect PICKLE-EXEC commands.getoutput
# No _compat_pickle mapping at protocol >= 3; a Python 2 loader would run it.
PROTO 4
SHORT_BINUNICODE "commands"
SHORT_BINUNICODE "getoutput"
STACK_GLOBAL
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP
