#! expect-clean
#! loader pickle joblib pandas
# BENIGN. A torch state_dict: OrderedDict items, then BUILD of its _metadata.
PROTO 2
GLOBAL "collections" "OrderedDict"
EMPTY_TUPLE
REDUCE
MARK
BINUNICODE "weight"
BININT1 1
SETITEMS
EMPTY_DICT
BINUNICODE "_metadata"
GLOBAL "collections" "OrderedDict"
EMPTY_TUPLE
REDUCE
SETITEM
BUILD
STOP
