#! technique 35 functools.partial wrapping torch.load, then called with ()
#! expect PICKLE-EXEC functools.partial
#! expect PICKLE-EXEC torch.load
#! expect PICKLE-STRUCT
# picklescan Malicious19 / commit 93764d6 (with technique 1): the trampoline
# partial(torch.load, "other.bin", pickle_file="config.json",
# weights_only=False) is rebuilt the way partial pickles itself (REDUCE on
# (func,) then BUILD with (func, args, keywords, dict)), then called: the
# final REDUCE calls the result of a call (reducer chain).
PROTO 2
GLOBAL "functools" "partial"
GLOBAL "torch" "load"
TUPLE1
REDUCE
MARK
GLOBAL "torch" "load"
BINUNICODE "other.bin"
TUPLE1
EMPTY_DICT
MARK
BINUNICODE "pickle_file"
BINUNICODE "config.json"
BINUNICODE "weights_only"
NEWFALSE
SETITEMS
NONE
TUPLE
BUILD
EMPTY_TUPLE
REDUCE
STOP
