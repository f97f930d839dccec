#! expect PICKLE-EXEC BUILD sets __setstate__
#! loader pickle torch joblib numpy pandas
# A first BUILD puts __setstate__ into an OrderedDict's __dict__; the second
# BUILD finds it with getattr(inst, '__setstate__') and calls it with 'uint8':
# partial(numpy.memmap, MARKER, mode='w+', shape=(1,))('uint8').
PROTO 2
GLOBAL "collections" "OrderedDict"
EMPTY_TUPLE
REDUCE
EMPTY_DICT
BINUNICODE "__setstate__"
GLOBAL "functools" "partial"
GLOBAL "numpy" "memmap"
TUPLE1
REDUCE
MARK
GLOBAL "numpy" "memmap"
BINUNICODE "MARKER"
TUPLE1
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
BINUNICODE "uint8"
BUILD
STOP
