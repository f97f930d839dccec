#! expect PICKLE-EXEC numpy.memmap
#! loader pickle torch joblib numpy pandas
# numpy.memmap is trusted as data (an array subtype); called, it opens files.
PROTO 2
GLOBAL "numpy" "memmap"
MARK
BINUNICODE "MARKER"
BINUNICODE "uint8"
BINUNICODE "w+"
BININT1 0
BININT1 1
TUPLE1
TUPLE
REDUCE
STOP
