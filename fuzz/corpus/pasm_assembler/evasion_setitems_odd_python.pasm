#! expect PICKLE-EXEC
# pickle.py sets the complete pairs (calling __setitem__ on the object) before
# it raises on the odd item; _pickle.c raises first and calls nothing.
PERSID "store"
MARK
BINUNICODE "k"
BINUNICODE "v"
BINUNICODE "odd"
SETITEMS
STOP
