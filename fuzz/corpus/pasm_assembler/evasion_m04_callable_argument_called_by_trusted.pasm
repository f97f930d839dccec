#! expect PICKLE-EXEC opens the file
#! expect PICKLE-EXEC __generator_ctor, which calls it
#! loader pickle torch joblib numpy pandas
# A callable passed to a trusted function that calls it: numpy's Generator
# constructor calls bit_generator_ctor(bit_generator_name), here a partial of
# numpy.memmap with mode 'w+'. Every name is trusted.
PROTO 2
GLOBAL "numpy.random._pickle" "__generator_ctor"
BINUNICODE "MARKER"
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
TUPLE2
REDUCE
STOP
