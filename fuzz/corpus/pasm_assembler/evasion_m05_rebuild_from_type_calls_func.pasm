#! expect PICKLE-EXEC opens the file
#! expect PICKLE-EXEC _rebuild_from_type_v2, which calls it
#! loader pickle torch joblib
# torch's tensor-subclass rebuilder calls func(*args) before anything else:
#   torch._tensor._rebuild_from_type_v2(numpy.memmap, torch.FloatTensor,
#                                       (MARKER, 'uint8', 'w+', 0, (1,)), {})
PROTO 2
GLOBAL "torch._tensor" "_rebuild_from_type_v2"
MARK
GLOBAL "numpy" "memmap"
GLOBAL "torch" "FloatTensor"
MARK
BINUNICODE "MARKER"
BINUNICODE "uint8"
BINUNICODE "w+"
BININT1 0
BININT1 1
TUPLE1
TUPLE
EMPTY_DICT
TUPLE
REDUCE
STOP
