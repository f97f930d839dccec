#! technique 9 legacy torch magic number produced by eval, payload in a later pickle
#! expect PICKLE-EXEC builtins.eval
#! expect PICKLE-EXEC posix.system
#! expect PICKLE-STRUCT
# picklescan initialize_pytorch_magic_bypass_file (GHSA-97f8-7cmv-76j2): the
# first pickle computes the magic with eval("0x1950...") instead of a LONG1,
# so a reader that looks for a literal magic number gives up. Pickles:
# [MagicBypass, 1001, {}, [], MaliciousPayload, None], protocol 2. Without a
# literal magic the layout is not a known legacy torch file, so the six
# concatenated streams are also structural.
# pickle 1
PROTO 2
GLOBAL "__builtin__" "eval"
BINPUT 0
BINUNICODE "0x1950A86A20F9469CFC6C"
BINPUT 1
TUPLE1
BINPUT 2
REDUCE
BINPUT 3
STOP
# pickle 2
PROTO 2
BININT2 1001
STOP
# pickle 3
PROTO 2
EMPTY_DICT
BINPUT 0
STOP
# pickle 4
PROTO 2
EMPTY_LIST
BINPUT 0
STOP
# pickle 5: the payload
PROTO 2
GLOBAL "posix" "system"
BINPUT 0
BINUNICODE "echo pwned"
BINPUT 1
TUPLE1
BINPUT 2
REDUCE
BINPUT 3
STOP
# pickle 6
PROTO 2
NONE
STOP
