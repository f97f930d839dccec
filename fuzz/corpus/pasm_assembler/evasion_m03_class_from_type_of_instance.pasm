#! expect PICKLE-EXEC opens the file
#! loader pickle torch joblib numpy pandas
# Only trusted names: numpy's array reconstructor makes an empty memmap
# (memmap as a subtype is data), builtins.type returns its class, and that
# class is called: numpy.memmap(MARKER, 'uint8', 'w+', 0, (1,)) creates a file.
PROTO 2
GLOBAL "builtins" "type"
GLOBAL "numpy.core.multiarray" "_reconstruct"
GLOBAL "numpy" "memmap"
BININT1 0
TUPLE1
SHORT_BINBYTES "b"
TUPLE3
REDUCE
TUPLE1
REDUCE
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
