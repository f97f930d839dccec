#! expect PICKLE-EXEC set its 'append' attribute
#! loader pickle torch joblib numpy pandas
# APPEND on an object that is not a list looks `append` up on the object: a
# BUILD planted partial(numpy.memmap, mode='w+', shape=(1,)) there, so
# APPEND MARKER calls numpy.memmap(MARKER, ...).
PROTO 2
GLOBAL "collections" "OrderedDict"
EMPTY_TUPLE
REDUCE
EMPTY_DICT
BINUNICODE "append"
GLOBAL "functools" "partial"
GLOBAL "numpy" "memmap"
TUPLE1
REDUCE
MARK
GLOBAL "numpy" "memmap"
EMPTY_TUPLE
EMPTY_DICT
BINUNICODE "mode"
BINUNICODE "w+"
SETITEM
BINUNICODE "shape"
BININT1 1
TUPLE1
SETITEM
NONE
TUPLE
BUILD
SETITEM
BUILD
BINUNICODE "MARKER"
APPEND
STOP
