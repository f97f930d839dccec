#! expect PICKLE-EXEC builtins.open
#! loader joblib pandas
# REDUCE with a list of arguments: _pickle.c raises TypeError, which pandas
# catches and retries with pickle._Unpickler, whose func(*args) takes a list.
GLOBAL "builtins" "open"
EMPTY_LIST
BINUNICODE "MARKER"
APPEND
BINUNICODE "w"
APPEND
REDUCE
STOP
