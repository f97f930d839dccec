#! expect-clean
# BENIGN. pickle.dumps(OrderedDict([("a", 1), ("b", [1.5, "x"])]), protocol=2):
# the state_dict root shape torch.save writes (GLOBAL, EMPTY_TUPLE, REDUCE,
# MARK, key, value, ..., SETITEMS).
PROTO 2
GLOBAL "collections" "OrderedDict"
BINPUT 0
EMPTY_TUPLE
REDUCE
BINPUT 1
MARK
BINUNICODE "a"
BINPUT 2
BININT1 1
BINUNICODE "b"
BINPUT 3
EMPTY_LIST
BINPUT 4
MARK
BINFLOAT 1.5
BINUNICODE "x"
BINPUT 5
APPENDS
SETITEMS
STOP
