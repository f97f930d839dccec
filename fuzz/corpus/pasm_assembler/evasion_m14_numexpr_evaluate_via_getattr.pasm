#! expect PICKLE-EXEC numexpr
# numexpr's evaluator reached through getattr on its module resolver.
PROTO 2
GLOBAL "builtins" "getattr"
GLOBAL "numexpr.necompiler" "NumExpr"
BINUNICODE "__call__"
TUPLE2
REDUCE
STOP
