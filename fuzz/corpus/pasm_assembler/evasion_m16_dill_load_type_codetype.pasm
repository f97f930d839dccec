#! expect PICKLE-EXEC types.CodeType
# dill's _load_type is trusted; the class it returns is judged.
PROTO 2
GLOBAL "dill._dill" "_load_type"
BINUNICODE "CodeType"
TUPLE1
REDUCE
STOP
