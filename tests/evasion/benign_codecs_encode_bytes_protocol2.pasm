#! expect-clean
# BENIGN. pickle.dumps(b"\x00\xffabc", protocol=2): protocol 2 has no bytes
# opcode, so bytes are written as _codecs.encode("\x00\xffabc", "latin1").
PROTO 2
GLOBAL "_codecs" "encode"
BINPUT 0
BINUNICODE "\x00\xc3\xbfabc"
BINPUT 1
BINUNICODE "latin1"
BINPUT 2
TUPLE2
BINPUT 3
REDUCE
BINPUT 4
STOP
