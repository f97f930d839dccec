#! expect PICKLE-EXEC DataFrame.query
# A string evaluator reached as a method of a trusted class.
PROTO 2
GLOBAL "builtins" "getattr"
GLOBAL "pandas.core.frame" "DataFrame"
BINUNICODE "query"
TUPLE2
REDUCE
GLOBAL "pandas.core.frame" "DataFrame"
EMPTY_TUPLE
REDUCE
BINUNICODE "a > 1"
TUPLE2
REDUCE
STOP
