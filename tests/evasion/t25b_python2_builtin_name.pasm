#! technique 25 Python 2 module spelling __builtin__ mapped to builtins (protocol 2)
#! expect PICKLE-EXEC builtins.eval
# A denylist keyed on "builtins" alone misses "__builtin__"; CPython maps it
# through _compat_pickle because the protocol is < 3.
PROTO 2
GLOBAL "__builtin__" "eval"
BINUNICODE "__import__('os').system('id')"
TUPLE1
REDUCE
STOP
