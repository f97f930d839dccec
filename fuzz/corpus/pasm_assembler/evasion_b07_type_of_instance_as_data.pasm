#! expect-clean
#! loader pickle joblib pandas
# BENIGN. type(x) of a trusted instance, kept as data and never called.
PROTO 2
GLOBAL "builtins" "type"
GLOBAL "collections" "OrderedDict"
EMPTY_TUPLE
REDUCE
TUPLE1
REDUCE
STOP
