#! expect PICKLE-EXEC builtins.open
#! loader joblib pandas
# The variation: a dict, whose keys func(*args) unpacks in order.
GLOBAL "builtins" "open"
EMPTY_DICT
BINUNICODE "MARKER"
NONE
SETITEM
BINUNICODE "w"
NONE
SETITEM
REDUCE
STOP
