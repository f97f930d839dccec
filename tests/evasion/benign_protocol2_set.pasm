#! expect-clean
# BENIGN. pickle.dumps({1, 2}, protocol=2): sets are rebuilt with
# __builtin__.set([1, 2]) (mapped to builtins.set, which torch's weights_only
# unpickler also allows).
PROTO 2
GLOBAL "__builtin__" "set"
BINPUT 0
EMPTY_LIST
BINPUT 1
MARK
BININT1 1
BININT1 2
APPENDS
TUPLE1
BINPUT 2
REDUCE
BINPUT 3
STOP
