#! expect-clean
#! loader pickle joblib pandas
# BENIGN. {'act': functools.partial(torch.nn.functional.relu, inplace=False)}
# as pickle writes it: the partial binds a trusted function and is never called.
PROTO 2
EMPTY_DICT
BINUNICODE "act"
GLOBAL "functools" "partial"
GLOBAL "torch.nn.functional" "relu"
TUPLE1
REDUCE
MARK
GLOBAL "torch.nn.functional" "relu"
EMPTY_TUPLE
EMPTY_DICT
BINUNICODE "inplace"
NEWFALSE
SETITEM
NONE
TUPLE
BUILD
SETITEM
STOP
