#! expect PICKLE-EXEC pandas.core.computation.eval.eval
# pandas' expression evaluator by its module path.
PROTO 2
GLOBAL "pandas.core.computation.eval" "eval"
BINUNICODE "1 + 1"
TUPLE1
REDUCE
STOP
