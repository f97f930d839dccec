#! expect-not PICKLE-EXEC
# BENIGN. A dict holding an Enum member pickled by name, exactly as CPython
# 3.11 writes it for an enum with __reduce_ex__ = enum.pickle_by_enum_name
# (the by-name form later Pythons use by default):
#   {"split": Split.VALID, "epochs": 3} -> getattr(mymodel.labels.Split, "VALID")
# builtins.getattr here reads a plain attribute name off a class global, which
# is not dispatch. mymodel.labels.Split is unknown to the allowlist, so
# PICKLE-GLOBAL-IMPORT is allowed; PICKLE-EXEC is not.
PROTO 4
FRAME 86
EMPTY_DICT
MEMOIZE
MARK
SHORT_BINUNICODE "split"
MEMOIZE
SHORT_BINUNICODE "builtins"
MEMOIZE
SHORT_BINUNICODE "getattr"
MEMOIZE
STACK_GLOBAL
MEMOIZE
SHORT_BINUNICODE "mymodel.labels"
MEMOIZE
SHORT_BINUNICODE "Split"
MEMOIZE
STACK_GLOBAL
MEMOIZE
SHORT_BINUNICODE "VALID"
MEMOIZE
TUPLE2
MEMOIZE
REDUCE
MEMOIZE
SHORT_BINUNICODE "epochs"
MEMOIZE
BININT1 3
SETITEMS
STOP
